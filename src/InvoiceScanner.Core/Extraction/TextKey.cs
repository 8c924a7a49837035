using System.Text;

namespace InvoiceScanner.Core.Extraction;

/// <summary>How two printings of one name or number are compared, whichever reader printed them.</summary>
public static class TextKey
{
    /// <summary>Lower-case letters and digits only, so "RE-2018/001" and "RE 2018 001" compare equal.</summary>
    public static string Compact(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            if (char.IsLetterOrDigit(c))
                builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }
}
