return await InvoiceScanner.LocalHost.Cli.Commands.RunAsync(args);
