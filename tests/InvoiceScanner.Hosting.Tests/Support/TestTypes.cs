using System.Text.Json.Serialization;

namespace InvoiceScanner.Hosting.Tests.Support;

public sealed record GreetingRequest(string Name);

public sealed record GreetingResponse(string Greeting, string? Detail = null);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(GreetingRequest))]
[JsonSerializable(typeof(GreetingResponse))]
public sealed partial class TestJsonContext : JsonSerializerContext
{
}

/// <summary>Adapts a lambda expression to <see cref="ILambdaHandler{TEvent, TResponse}"/>.</summary>
public sealed class DelegateHandler<TEvent, TResponse>(Func<TEvent, ILambdaContext, Task<TResponse>> handle) : ILambdaHandler<TEvent, TResponse>
{
    public Task<TResponse> HandleAsync(TEvent input, ILambdaContext context) => handle(input, context);
}

/// <summary>A stream the logger can write to while a test reads whole lines from it. Thread-safe.</summary>
public sealed class LogCapture : Stream
{
    private readonly Lock gate = new();
    private readonly MemoryStream buffer = new();

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (gate)
            {
                var text = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
                return text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            }
        }
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] data, int offset, int count)
    {
        lock (gate)
            buffer.Write(data, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> data)
    {
        lock (gate)
            buffer.Write(data);
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] data, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
