using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace InvoiceScanner.IntegrationTests.Support;

/// <summary>
/// Headless Chromium driven through Debian's chromedriver (local/install.sh installs both; nothing is downloaded), with
/// the few things a page test needs: elements by their data-test hook, explicit waits, and screenshots.
/// </summary>
public sealed class Browser : IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string ChromeDriverPath = "/usr/bin/chromedriver";

    private Browser(ChromeDriver driver, string screenshots)
    {
        Driver = driver;
        ScreenshotFolder = screenshots;
    }

    public ChromeDriver Driver { get; }

    /// <summary>Where <see cref="Screenshot"/> writes its PNGs.</summary>
    public string ScreenshotFolder { get; }

    /// <summary>Why no browser can run here (null when Chromium and chromedriver are installed).</summary>
    public static string? MissingReason() =>
        !File.Exists(ChromiumPath) || !File.Exists(ChromeDriverPath)
            ? $"{ChromiumPath} or {ChromeDriverPath} is missing: local/install.sh installs Debian's chromium and chromium-driver (as root)."
            : null;

    /// <summary>INVOICESCANNER_SCREENSHOTS, else TestResults/web-screenshots beside the test project.</summary>
    public static string DefaultScreenshotFolder() =>
        Environment.GetEnvironmentVariable("INVOICESCANNER_SCREENSHOTS") is { Length: > 0 } folder
            ? Path.GetFullPath(folder)
            : Path.Combine(StackPaths.RepositoryRoot, "tests", "InvoiceScanner.IntegrationTests", "TestResults", "web-screenshots");

    public static Browser Start(string screenshotFolder)
    {
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriverPath)!, Path.GetFileName(ChromeDriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000", "--disable-dev-shm-usage",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions");
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(120));
        Directory.CreateDirectory(screenshotFolder);
        return new Browser(driver, screenshotFolder);
    }

    public static By Hook(string name) => By.CssSelector($"[data-test='{name}']");

    /// <summary>The visible element with the hook, once there is one (waits).</summary>
    public IWebElement Find(string name, TimeSpan? timeout = null) =>
        Until(_ => Driver.FindElements(Hook(name)).FirstOrDefault(e => e.Displayed), $"[data-test={name}] to be shown", timeout);

    /// <summary>
    /// Polls <paramref name="condition"/> until it returns a non-null (for bool: true) value; the failure names what was
    /// awaited and what the page's message area said.
    /// </summary>
    public T Until<T>(Func<IWebDriver, T?> condition, string what, TimeSpan? timeout = null)
    {
        var wait = new WebDriverWait(Driver, timeout ?? TimeSpan.FromSeconds(30)) { PollingInterval = TimeSpan.FromMilliseconds(250) };
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException), typeof(NoSuchElementException));
        try
        {
            return wait.Until(driver =>
            {
                var value = condition(driver);
                return value is bool flag ? (flag ? value : default) : value;
            })!;
        }
        catch (WebDriverTimeoutException)
        {
            throw new TimeoutException($"Waited {(timeout ?? TimeSpan.FromSeconds(30)).TotalSeconds:0} s for {what}; page {Driver.Url}, message: \"{MessageText()}\"");
        }
    }

    /// <summary>The text of the page's message area (errors and notices), or "" when there is none.</summary>
    public string MessageText()
    {
        try
        {
            return Driver.FindElements(Hook("message")).FirstOrDefault()?.Text ?? "";
        }
        catch (WebDriverException)
        {
            return "";
        }
    }

    /// <summary>Scrolls <paramref name="element"/> into the window (for the screenshot).</summary>
    public void ScrollTo(IWebElement element) => Driver.ExecuteScript("arguments[0].scrollIntoView({block: 'center'});", element);

    /// <summary>Saves the window as <paramref name="name"/>.png and returns the file.</summary>
    public string Screenshot(string name)
    {
        var file = Path.Combine(ScreenshotFolder, name + ".png");
        Driver.GetScreenshot().SaveAsFile(file);
        return file;
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
    }
}
