global using InvoiceScanner.IntegrationTests.Support;

[assembly: AssemblyFixture(typeof(EchoStackFixture))]
