using System.Text;

namespace InvoiceScanner.Extraction.Learning;

/// <summary>A model file shipped inside this assembly, read once; a missing or unreadable one is null, never an error.</summary>
internal static class EmbeddedModel
{
    public static T? Load<T>(string resourceName, Func<string, T> deserialize) where T : class
    {
        using var stream = typeof(EmbeddedModel).Assembly.GetManifestResourceStream(resourceName);
        if (stream is null)
            return null;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        try
        {
            return deserialize(reader.ReadToEnd());
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
