namespace InvoiceScanner.Ocr.Pdf.InProcess;

/// <summary>A line of a block: words left to right (in its own direction) around one baseline.</summary>
internal sealed class TextLine(int rotation, double baseline)
{
    public int Rotation { get; } = rotation;
    public double Base { get; } = baseline;
    public List<TextWord> Words { get; } = [];

    public double PMin => Words.Min(w => w.PMin);

    /// <summary>Orders lines top to bottom in their own direction (for vertical text, right to left), then by start.</summary>
    public double SecondaryKey => Rotation is 0 or 3 ? Base : -Base;
}

/// <summary>A block: words that sit together (a paragraph, a table cell, a column's run of lines), then its lines.</summary>
internal sealed class TextBlock(int rotation)
{
    public int Rotation { get; } = rotation;
    public List<TextWord> Words { get; } = [];
    public List<TextLine> Lines { get; } = [];
    public double XMin { get; private set; } = double.PositiveInfinity;
    public double YMin { get; private set; } = double.PositiveInfinity;
    public double XMax { get; private set; } = double.NegativeInfinity;
    public double YMax { get; private set; } = double.NegativeInfinity;

    /// <summary>Extent along the reading direction, rotation-normalised like <see cref="TextWord.PMin"/>.</summary>
    public double PMin => Rotation switch { 0 => XMin, 1 => YMin, 2 => -XMax, _ => -YMax };

    public double PMax => Rotation switch { 0 => XMax, 1 => YMax, 2 => -XMin, _ => -YMin };

    /// <summary>Characters in the block, to tell which direction most of the page's text runs in.</summary>
    public int CharCount => Lines.Sum(l => l.Words.Sum(w => w.Chars.Count));

    /// <summary>The font size of the block's first word, which poppler uses to judge spacing around the block.</summary>
    public double FontSize => Lines.Count > 0 ? Lines[0].Words[0].FontSize : Words.Count > 0 ? Words[0].FontSize : 0;

    public void Add(TextWord word)
    {
        Words.Add(word);
        XMin = Math.Min(XMin, word.XMin);
        YMin = Math.Min(YMin, word.YMin);
        XMax = Math.Max(XMax, word.XMax);
        YMax = Math.Max(YMax, word.YMax);
    }
}
