namespace InvoiceScanner.LocalHost.Demo;

public static class DemoRunner
{
    public static Task<bool> RunAsync(LocalStack stack, TextWriter output, CancellationToken cancellationToken) => Task.FromResult(true);

    public static string ScanYourOwn(LocalStack stack) => "";
}
