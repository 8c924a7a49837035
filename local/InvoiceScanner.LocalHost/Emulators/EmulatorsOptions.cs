namespace InvoiceScanner.LocalHost.Emulators;

/// <summary>What local/emulators.js starts with. Port 0 means "any free port".</summary>
/// <param name="Script">local/emulators.js (its folder holds the npm packages).</param>
/// <param name="S3Directory">s3rver's folder, emptied at start.</param>
/// <param name="Bucket">The bucket created at start.</param>
public sealed record EmulatorsOptions(string Script, int S3Port, int DynamoDbPort, string S3Directory, string Bucket)
{
    /// <summary>Where every ObjectCreated record is POSTed (null: nowhere).</summary>
    public string? SinkUrl { get; init; }

    /// <summary>Sent with every event POSTed to <see cref="SinkUrl"/> (<see cref="EmulatorsProcess.SinkSecretHeader"/>).</summary>
    public string? SinkSecret { get; init; }

    /// <summary>
    /// DynamoDB Local's data folder (-dbPath), used as it is found: its tables survive a DynamoDB outage. Null: in
    /// memory, so the tables start empty and an outage loses them.
    /// </summary>
    public string? DynamoDbDirectory { get; init; }
}

/// <summary>The stand-ins <see cref="EmulatorsProcess.OutageAsync"/> can take down.</summary>
public enum EmulatorService
{
    DynamoDb,
    S3,
}
