namespace InvoiceScanner.Hosting;

/// <summary>Knobs for <see cref="LambdaHost"/>; the defaults are what a deployed function wants.</summary>
public sealed record LambdaHostOptions
{
    public static readonly TimeSpan DefaultCancellationSafetyMargin = TimeSpan.FromMilliseconds(500);

    /// <summary>How long before the deadline <see cref="ILambdaContext.CancellationToken"/> fires.</summary>
    public TimeSpan CancellationSafetyMargin { get; init; } = DefaultCancellationSafetyMargin;

    /// <summary>Environment to run with; null reads the process environment.</summary>
    public LambdaEnvironment? Environment { get; init; }

    /// <summary>Where JSON log lines go; null means stdout.</summary>
    public Stream? LogOutput { get; init; }

    /// <summary>Transport for the Runtime API; null uses a proxy-less SocketsHttpHandler.</summary>
    public HttpMessageHandler? RuntimeApiHandler { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
