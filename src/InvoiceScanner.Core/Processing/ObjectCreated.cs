namespace InvoiceScanner.Core.Processing;

/// <summary>An object-created notice: the object's (decoded) key and when the store says it was written.</summary>
public sealed record ObjectCreated(string Key, DateTimeOffset? At = null);
