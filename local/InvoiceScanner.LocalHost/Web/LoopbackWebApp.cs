using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InvoiceScanner.LocalHost.Web;

/// <summary>A small Kestrel app bound to 127.0.0.1 only, with no config files and no framework logging.</summary>
public static class LoopbackWebApp
{
    /// <param name="maxRequestLineBytes">Kestrel's request-line limit (it answers 414 itself beyond it); null keeps its default.</param>
    public static WebApplication Create(int port, long maxRequestBodyBytes, Action<WebApplication> map, int? maxRequestLineBytes = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(LoopbackWebApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.Limits.MaxRequestBodySize = maxRequestBodyBytes;
            kestrel.AddServerHeader = false;
            if (maxRequestLineBytes is { } lineBytes)
                kestrel.Limits.MaxRequestLineSize = lineBytes;
        });
        // Stopping must not wait for long polls (/next) that will never finish on their own.
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(3));
        var app = builder.Build();
        map(app);
        return app;
    }

    /// <summary>The port Kestrel actually bound (for port 0).</summary>
    public static int BoundPort(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("Kestrel reported no addresses.");
        foreach (var address in addresses)
        {
            if (Uri.TryCreate(address, UriKind.Absolute, out var uri))
                return uri.Port;
        }
        throw new InvalidOperationException("Kestrel reported no usable address.");
    }
}

public static class HttpBodies
{
    /// <summary>The whole request body, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
            return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        while (true)
        {
            int read;
            try
            {
                read = await request.Body.ReadAsync(chunk, cancellationToken);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return null;
            }
            if (read == 0)
                return buffer.ToArray();
            if (buffer.Length + read > maxBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }
    }
}
