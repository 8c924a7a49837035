using System.Drawing;
using System.Net;
using System.Text;
using InvoiceScanner.TestSupport;
using OpenQA.Selenium;
using OpenQA.Selenium.Interactions;

namespace InvoiceScanner.IntegrationTests;

/// <summary>
/// The web app in a real browser (headless Chromium) against the real product on the local stack, as a person uses
/// it: sign in, upload two files, watch them finish, review the one that needs it (its page with the evidence boxes,
/// download the original, correct a field, approve), read its history, delete it; and an e-invoice uploaded as XML shown
/// as an outline of its XML. Each screen is saved as a PNG (TestResults/web-screenshots, or INVOICESCANNER_SCREENSHOTS).
/// Skipped, saying why, where Chromium/chromedriver or the web app is missing.
/// </summary>
public sealed class WebAppBrowserTests(ProductStackFixture fixture) : IClassFixture<ProductStackFixture>
{
    private static readonly string[] Terminal = ["COMPLETED", "NEEDS_REVIEW", "FAILED", "EXPIRED"];

    /// <summary>Both files are read at once on a loaded machine; the list refreshes on its own.</summary>
    private static readonly TimeSpan ScanTimeout = ProductStackFixture.ProcessingTimeout * 2;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>A hybrid PDF: its embedded CII e-invoice is read exactly, so it completes.</summary>
    private static byte[] CompletingInvoice() => MinimalPdf.Build(
        ["Seller GmbH", "Invoice INV-1 of 01.03.2024", "Total 166.60 EUR", "Due 146.60 EUR"],
        ("factur-x.xml", Encoding.UTF8.GetBytes(HandMadeEInvoice.Cii)));

    /// <summary>A text PDF whose totals do not add up (100 + 19 printed as 120), so it needs review.</summary>
    private static byte[] MismatchedInvoice() => MinimalPdf.Build(
    [
        "Nordwind Papier GmbH", "Hafenstrasse 5, 20457 Hamburg",
        "Rechnung", "Rechnungsnummer: RE-2026-0912", "Rechnungsdatum: 20.11.2026",
        "Kopierpapier A4   100,00 EUR",
        "Nettobetrag 100,00 EUR", "MwSt 19% 19,00 EUR", "Gesamtbetrag 120,00 EUR",
    ]);

    [Fact]
    public async Task A_person_signs_in_uploads_two_files_reviews_one_corrects_approves_reads_its_history_and_deletes_it()
    {
        if (Browser.MissingReason() is { } missing)
            Assert.Skip(missing);
        var web = Path.Combine(StackPaths.RepositoryRoot, "web");
        if (!File.Exists(Path.Combine(web, "index.html")) || !File.Exists(Path.Combine(web, "app", "main.js")))
            Assert.Skip($"The web app is missing ({web}/index.html, {web}/app/main.js).");

        var user = "web-" + Guid.NewGuid().ToString("N")[..10];
        var token = fixture.Stack.CreateToken(user);
        using var files = new TemporaryFiles();
        var completing = files.Write($"supplies-{user}.pdf", CompletingInvoice());
        var mismatched = files.Write($"paper-{user}.pdf", MismatchedInvoice());

        var screenshots = Path.Combine(Browser.DefaultScreenshotFolder(), TestRunName());
        using var browser = Browser.Start(screenshots);
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshots: {screenshots}");
        try
        {
            await RunScenarioAsync(browser, user, token, completing, mismatched);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var shot = TryScreenshot(browser, "99-failure");
            throw new InvalidOperationException($"The browser scenario failed ({ex.Message}); screenshots in {screenshots}{(shot is null ? "" : ", last: " + shot)}", ex);
        }
        Console.WriteLine($"WebAppBrowserTests: screenshots in {screenshots}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_einvoice_shows_its_findings_and_a_readable_outline_of_its_xml_a_hybrid_pdf_its_page_too(bool hybrid)
    {
        if (Browser.MissingReason() is { } missing)
            Assert.Skip(missing);
        var web = Path.Combine(StackPaths.RepositoryRoot, "web");
        if (!File.Exists(Path.Combine(web, "index.html")) || !File.Exists(Path.Combine(web, "app", "main.js")))
            Assert.Skip($"The web app is missing ({web}/index.html, {web}/app/main.js).");

        var user = "web-xml-" + Guid.NewGuid().ToString("N")[..10];
        var token = fixture.Stack.CreateToken(user);
        var xml = Encoding.UTF8.GetBytes(HandMadeEInvoice.Cii);
        var invoice = hybrid
            ? await fixture.ScanAsync(token, $"rechnung-{user}.pdf", "application/pdf", MinimalPdf.Build(["Rechnung INV-1", "Gesamt 166.60 EUR"], ("factur-x.xml", xml)), Cancellation)
            : await fixture.ScanAsync(token, $"rechnung-{user}.xml", "application/xml", xml, Cancellation);
        Assert.Equal(hybrid ? "pdf+einvoice" : "einvoice-xml", invoice.Document?.Kind);

        var screenshots = Path.Combine(Browser.DefaultScreenshotFolder(), TestRunName() + (hybrid ? "-hybrid" : "-einvoice"));
        using var browser = Browser.Start(screenshots);
        try
        {
            browser.Driver.Navigate().GoToUrl(fixture.Stack.ApiUrl + "/");
            browser.Find("signin-user").SendKeys(user);
            browser.Find("signin-submit").Click();
            browser.Find("signout");
            browser.Driver.Navigate().GoToUrl($"{fixture.Stack.ApiUrl}/#/invoices/{invoice.InvoiceId}");
            browser.Until(d => d.FindElements(By.CssSelector($"[data-test='invoice-detail'][data-invoice-id='{invoice.InvoiceId}']")).Count == 1, "the e-invoice's detail");

            // Its findings (or that there are none) above the XML, the XML as an outline of names and values; the page
            // image only for the hybrid PDF.
            browser.Find("einvoice-findings");
            var number = browser.Until(d => d.FindElements(By.CssSelector("[data-test='xml-outline'] [data-test='xml-node'][data-name='ID']"))
                    .FirstOrDefault(e => e.Text.Contains("INV-1", StringComparison.Ordinal)), "the invoice number in the XML outline");
            Assert.DoesNotContain("rsm:", browser.Find("xml-outline").Text, StringComparison.Ordinal);
            Assert.Contains(browser.Driver.FindElements(Browser.Hook("xml-node")), e => e.GetDomAttribute("data-name") == "GrandTotalAmount"
                && e.GetDomProperty("textContent")?.Contains("166.60", StringComparison.Ordinal) == true); // collapsed at first: not e.Text
            if (hybrid)
                browser.Until(d => d.FindElements(Browser.Hook("page-image")).Any(e => e.Displayed), "the hybrid PDF's page image");
            else
                Assert.DoesNotContain(browser.Driver.FindElements(Browser.Hook("page-image")), e => e.Displayed);
            browser.ScrollTo(number);
            browser.Screenshot(hybrid ? "08-hybrid-xml" : "07-einvoice-xml");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var shot = TryScreenshot(browser, "99-failure");
            throw new InvalidOperationException($"The e-invoice scenario failed ({ex.Message}); screenshots in {screenshots}{(shot is null ? "" : ", last: " + shot)}", ex);
        }
    }

    private async Task RunScenarioAsync(Browser browser, string user, string token, string completingFile, string mismatchedFile)
    {
        var completingName = Path.GetFileName(completingFile);
        var mismatchedName = Path.GetFileName(mismatchedFile);

        // Sign in.
        browser.Driver.Navigate().GoToUrl(fixture.Stack.ApiUrl + "/");
        browser.Find("signin-user").SendKeys(user);
        browser.Screenshot("01-sign-in");
        browser.Find("signin-submit").Click();
        browser.Find("signout");

        // Upload both files at once through the file input (as a file picker would).
        var input = browser.Until(d => d.FindElements(Browser.Hook("upload-input")).FirstOrDefault(), "the upload input");
        input.SendKeys(completingFile + "\n" + mismatchedFile);
        browser.Until(_ => UploadStatuses(browser) is { Count: 2 } statuses && statuses.Values.All(s => s is "uploaded" or "failed"),
            "both uploads to finish", TimeSpan.FromMinutes(1));
        Assert.All(UploadStatuses(browser), s => Assert.True(s.Value == "uploaded", $"{s.Key}: upload {s.Value}; message: {browser.MessageText()}"));

        // The rows refresh by themselves until both are done.
        var chips = browser.Until(_ => RowStatuses(browser) is var rows && rows.ContainsKey(completingName) && rows.ContainsKey(mismatchedName)
                && Terminal.Contains(rows[completingName].Status) && Terminal.Contains(rows[mismatchedName].Status) ? rows : null,
            "both invoices' status chips to be terminal", ScanTimeout);
        var completed = chips[completingName];
        var review = chips[mismatchedName];
        Assert.Equal("COMPLETED", completed.Status);
        Assert.Equal("NEEDS_REVIEW", review.Status);
        // What the page shows is what the API says.
        Assert.Equal("COMPLETED", (await fixture.Api.GetAsync(token, completed.InvoiceId, Cancellation)).Body?.Status);
        Assert.Equal("NEEDS_REVIEW", (await fixture.Api.GetAsync(token, review.InvoiceId, Cancellation)).Body?.Status);
        browser.Screenshot("02-list");

        // Open the one to review: its reasons are shown.
        RowOf(browser, review.InvoiceId).FindElement(Browser.Hook("open-invoice")).Click();
        browser.Until(d => d.FindElements(By.CssSelector($"[data-test='invoice-detail'][data-invoice-id='{review.InvoiceId}']")).Count == 1, "the invoice's detail");
        var reasons = browser.Until(d => d.FindElements(Browser.Hook("review-reason")) is { Count: > 0 } found ? found : null, "its review reasons");
        Assert.Contains(reasons, r => r.GetDomAttribute("data-code") == "TOTAL_MISMATCH");
        Assert.Equal("NEEDS_REVIEW", browser.Find("detail-status").Text.Trim());
        browser.Screenshot("03-detail");
        await CheckPagesAndDownloadAsync(browser, File.ReadAllBytes(mismatchedFile));

        // Correct the total (printed 120, the lines add up to 119) and save.
        Field(browser, "total").FindElement(Browser.Hook("field-edit")).Click();
        var value = browser.Until(_ => Field(browser, "total").FindElements(Browser.Hook("field-input")).FirstOrDefault(e => e.Displayed), "the total's input");
        value.Clear();
        value.SendKeys("119.00");
        Field(browser, "total").FindElement(Browser.Hook("field-save")).Click();
        browser.Until(_ => Field(browser, "total").FindElements(Browser.Hook("field-value")).FirstOrDefault() is { } shown && shown.Text.Contains("119", StringComparison.Ordinal),
            "the corrected total to be shown");
        var corrected = (await fixture.Api.GetAsync(token, review.InvoiceId, Cancellation)).Body!;
        Assert.Equal((119m, "person"), (corrected.Fields!.Total!.Value, corrected.Fields.Total.Source));
        // What the page shows is the value alone, nothing of JavaScript leaking into it.
        Assert.Matches(@"^119(\.00)?$", Field(browser, "total").FindElement(Browser.Hook("field-value")).Text.Trim());
        Assert.DoesNotContain("null", Field(browser, "total").Text, StringComparison.Ordinal);
        Assert.DoesNotContain("undefined", Field(browser, "total").Text, StringComparison.Ordinal);
        browser.Screenshot("04-corrected");

        // Approve (with an override and a reason if the approval is blocked).
        browser.Find("approve").Click();
        var outcome = browser.Until(_ => StatusShown(browser) == "COMPLETED" ? "approved"
                : browser.Driver.FindElements(Browser.Hook("override-reason")).Any(e => e.Displayed) ? "override" : null,
            "the approval (or its override dialog)");
        if (outcome == "override")
        {
            browser.Find("override-reason").SendKeys("Checked against the paper original: 100 + 19 = 119.");
            browser.Find("override-confirm").Click();
            browser.Until(_ => StatusShown(browser) == "COMPLETED", "the status to be COMPLETED after the override");
        }
        var approved = (await fixture.Api.GetAsync(token, review.InvoiceId, Cancellation)).Body!;
        Assert.Equal(("COMPLETED", user), (approved.Status, approved.Approval?.By));

        // Its history lists the correction and the approval.
        browser.Find("history").Click();
        var kinds = browser.Until(d => d.FindElements(Browser.Hook("history-entry")).Select(e => e.GetDomAttribute("data-kind")).ToList() is var found
                && found.Contains("approval") && found.Contains("correction") ? found : null,
            "history entries for the correction and the approval");
        Assert.Contains("created", kinds);
        browser.ScrollTo(browser.Find("history-entry"));
        browser.Screenshot("05-history");

        // Delete it, confirming; the API no longer knows it.
        browser.Find("delete").Click();
        browser.Find("confirm-delete").Click();
        browser.Until(d => d.FindElements(By.CssSelector($"[data-test='invoice-detail'][data-invoice-id='{review.InvoiceId}']")).Count == 0,
            "the detail to close after the delete");
        await WaitForNotFoundAsync(token, review.InvoiceId);
        browser.Screenshot("06-after-delete");
    }

    /// <summary>
    /// The page's image beside the fields, each field's box drawn on it; pointing at a field highlights its box and
    /// pointing at a box its field; "Download original" hands out a link that answers with the uploaded bytes.
    /// </summary>
    private async Task CheckPagesAndDownloadAsync(Browser browser, byte[] original)
    {
        var image = browser.Until(d => d.FindElements(Browser.Hook("page-image")).FirstOrDefault(e => e.Displayed && NaturalWidth(browser, e) > 0),
            "the page image to load (naturalWidth > 0)");
        var area = new Rectangle(image.Location, image.Size);
        var boxes = browser.Until(d => d.FindElements(Browser.Hook("evidence-box")) is { Count: > 0 } found ? found : null, "evidence boxes on the page");
        Assert.Contains(boxes, b => b.Size.Width > 0 && b.Size.Height > 0
            && area.Contains(b.Location.X + (b.Size.Width / 2), b.Location.Y + (b.Size.Height / 2)));
        Assert.All(boxes, b => Assert.False(string.IsNullOrWhiteSpace(b.GetDomAttribute("aria-label")), "a box without its field's name"));

        // Pointing at the total's row (or the first field with a box) highlights its box.
        var keys = boxes.Select(b => b.GetDomAttribute("data-key") ?? "").Where(k => k.StartsWith("field:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(keys);
        var key = keys.Contains("field:total") ? "field:total" : keys[0];
        var field = key["field:".Length..];
        new Actions(browser.Driver).MoveToElement(Field(browser, field)).Perform();
        browser.Until(_ => BoxOf(browser, key)?.GetDomAttribute("class")?.Split(' ').Contains("highlight") == true,
            $"the box of {field} to be highlighted while its row is pointed at");
        browser.Screenshot("03b-page-boxes");

        // On a phone-sized screen the page sits above the fields and nothing is wider than the screen.
        var wide = browser.Driver.Manage().Window.Size;
        browser.Driver.Manage().Window.Size = new Size(375, 812);
        try
        {
            browser.ScrollTo(image);
            browser.Until(_ => Convert.ToInt64(browser.Driver.ExecuteScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;"),
                System.Globalization.CultureInfo.InvariantCulture) <= 0, "the page to fit 375 px without scrolling sideways");
            Assert.True(image.Location.Y < Field(browser, field).Location.Y, "at 375 px the page image is not above the fields");
            browser.Screenshot("03c-page-boxes-375px");
        }
        finally
        {
            browser.Driver.Manage().Window.Size = wide;
        }

        // Pointing at another box highlights its row.
        if (keys.FirstOrDefault(k => k != key) is { } other)
        {
            new Actions(browser.Driver).MoveToElement(BoxOf(browser, other)!).Perform();
            browser.Until(_ => Field(browser, other["field:".Length..]).GetDomAttribute("class")?.Split(' ').Contains("hot-row") == true,
                $"the row of {other} to be highlighted while its box is pointed at");
        }

        // Download the original: the link the page hands out answers 200 with the uploaded file, as an attachment.
        browser.Find("download-original").Click();
        var href = browser.Find("download-link").GetDomProperty("href");
        Assert.False(string.IsNullOrEmpty(href), "the download link has no address");
        using var download = await fixture.Http.GetAsync(new Uri(href), Cancellation);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(original, await download.Content.ReadAsByteArrayAsync(Cancellation));
        Assert.Single(browser.Driver.FindElements(By.CssSelector("[data-test='invoice-detail']"))); // the page stayed
    }

    private static long NaturalWidth(Browser browser, IWebElement image) =>
        Convert.ToInt64(browser.Driver.ExecuteScript("return arguments[0].complete ? arguments[0].naturalWidth : 0;", image), System.Globalization.CultureInfo.InvariantCulture);

    private static IWebElement? BoxOf(Browser browser, string key) =>
        browser.Driver.FindElements(By.CssSelector($"[data-test='evidence-box'][data-key='{key}']")).FirstOrDefault();

    private async Task WaitForNotFoundAsync(string token, string invoiceId)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            var reply = await fixture.Api.GetAsync(token, invoiceId, Cancellation);
            if (reply.Status == HttpStatusCode.NotFound)
                return;
            Assert.True(DateTimeOffset.UtcNow < deadline, $"GET /invoices/{invoiceId} still answers {(int)reply.Status} a minute after the delete: {reply.Text}");
            await Task.Delay(TimeSpan.FromMilliseconds(500), Cancellation); // polling the API, not waiting on the page
        }
    }

    private static Dictionary<string, string> UploadStatuses(Browser browser) =>
        browser.Driver.FindElements(Browser.Hook("upload-row")).ToDictionary(
            r => r.GetDomAttribute("data-file-name") ?? "", r => r.FindElement(Browser.Hook("upload-status")).Text.Trim());

    private static Dictionary<string, (string InvoiceId, string Status)> RowStatuses(Browser browser)
    {
        var rows = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var row in browser.Driver.FindElements(Browser.Hook("invoice-row")))
            rows[row.GetDomAttribute("data-file-name") ?? ""] = (row.GetDomAttribute("data-invoice-id") ?? "", row.FindElement(Browser.Hook("status-chip")).Text.Trim());
        return rows;
    }

    private static IWebElement RowOf(Browser browser, string invoiceId) =>
        browser.Until(d => d.FindElements(By.CssSelector($"[data-test='invoice-row'][data-invoice-id='{invoiceId}']")).FirstOrDefault(), $"the row of {invoiceId}");

    private static IWebElement Field(Browser browser, string name) =>
        browser.Until(d => d.FindElements(By.CssSelector($"[data-test='field'][data-field='{name}']")).FirstOrDefault(), $"the {name} field");

    private static string? StatusShown(Browser browser) =>
        browser.Driver.FindElements(Browser.Hook("detail-status")).FirstOrDefault()?.Text.Trim();

    private static string? TryScreenshot(Browser browser, string name)
    {
        try
        {
            return browser.Screenshot(name);
        }
        catch (WebDriverException)
        {
            return null;
        }
    }

    /// <summary>One folder per run, so a second run keeps the first one's screens.</summary>
    private static string TestRunName() => DateTimeOffset.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The files the browser uploads, in a folder of their own that goes with the test.</summary>
    private sealed class TemporaryFiles : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("invoicescanner-web-upload-").FullName;

        public string Write(string name, byte[] content)
        {
            var path = Path.Combine(_folder, name);
            File.WriteAllBytes(path, content);
            return path;
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);
    }
}
