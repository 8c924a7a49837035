namespace InvoiceScanner.Ocr.Pdf.InProcess;

/// <summary>One character of a word: its text (one code point, or a combining sequence), left edge and font.</summary>
internal sealed record WordChar(string Text, double Edge, object Font);

/// <summary>
/// A word being assembled: characters on one baseline in one direction, with its box in the displayed page's frame.
/// Geometry along the reading direction is exposed rotation-free as <see cref="PMin"/>/<see cref="PMax"/>, so the
/// grouping code reads every quarter-turn as if it were left-to-right text.
/// </summary>
internal sealed class TextWord(int rotation, double fontSize)
{
    public int Rotation { get; } = rotation;
    public double FontSize { get; } = fontSize;

    /// <summary>The baseline: y for horizontal text (rotation 0, 2), x for vertical (1, 3), as poppler keys its pools.</summary>
    public double Base { get; private set; }

    public double XMin { get; private set; }
    public double YMin { get; private set; }
    public double XMax { get; private set; }
    public double YMax { get; private set; }
    public List<WordChar> Chars { get; } = [];

    /// <summary>Content-stream position of the first character and just past the last.</summary>
    public int FirstPosition { get; private set; }
    public int PositionEnd { get; private set; }

    /// <summary>Where the last character's advance ends, along the reading direction in page coordinates.</summary>
    public double EdgeEnd { get; private set; }

    public string Text => string.Concat(Chars.Select(c => c.Text));

    /// <summary>Start of the word along its reading direction (rotation-normalised: always increasing with reading).</summary>
    public double PMin => Rotation switch { 0 => XMin, 1 => YMin, 2 => -XMax, _ => -YMax };

    public double PMax => Rotation switch { 0 => XMax, 1 => YMax, 2 => -XMin, _ => -YMin };

    /// <summary>Extent across the reading direction, in page coordinates.</summary>
    public double CrossMin => Rotation is 0 or 2 ? YMin : XMin;

    public double CrossMax => Rotation is 0 or 2 ? YMax : XMax;

    /// <summary>The gap from this word's end to <paramref name="next"/>'s start along the reading direction.</summary>
    public double PrimaryDelta(TextWord next) => next.PMin - PMax;

    /// <summary>
    /// Appends one character whose origin is (<paramref name="x"/>, <paramref name="y"/>) and advance
    /// (<paramref name="dx"/>, <paramref name="dy"/>); the first one fixes the baseline and the height from the font.
    /// </summary>
    public void AddChar(string text, double x, double y, double dx, double dy, double ascent, double descent, object font, int position)
    {
        if (Chars.Count == 0)
        {
            SetInitialBounds(x, y, ascent * FontSize, descent * FontSize);
            FirstPosition = position;
        }

        var edge = Rotation is 0 or 2 ? x : y;
        Chars.Add(new WordChar(text, edge, font));
        PositionEnd = position + 1;
        switch (Rotation)
        {
            case 0: XMax = EdgeEnd = x + dx; break;
            case 1: YMax = EdgeEnd = y + dy; break;
            case 2: XMin = EdgeEnd = x + dx; break;
            default: YMin = EdgeEnd = y + dy; break;
        }
    }

    /// <summary>Appends a combining mark drawn over the last character, leaving the box as it is.</summary>
    public void AddCombining(string mark, object font, int position)
    {
        var last = Chars[^1];
        Chars.Add(new WordChar(mark, (last.Edge + EdgeEnd) / 2, font));
        PositionEnd = position + 1;
    }

    /// <summary>Absorbs <paramref name="other"/>, which follows this word on the same line.</summary>
    public void Merge(TextWord other)
    {
        XMin = Math.Min(XMin, other.XMin);
        YMin = Math.Min(YMin, other.YMin);
        XMax = Math.Max(XMax, other.XMax);
        YMax = Math.Max(YMax, other.YMax);
        Chars.AddRange(other.Chars);
        EdgeEnd = other.EdgeEnd;
        PositionEnd = other.PositionEnd;
    }

    private void SetInitialBounds(double x, double y, double ascent, double descent)
    {
        // The box spans the font's ascent above and descent below the baseline, whatever the glyphs' own shapes.
        switch (Rotation)
        {
            case 0: (XMin, YMin, YMax, Base) = (x, y - ascent, y - descent, y); break;
            case 1: (XMin, XMax, YMin, Base) = (x + descent, x + ascent, y, x); break;
            case 2: (XMax, YMin, YMax, Base) = (x, y + descent, y + ascent, y); break;
            default: (XMin, XMax, YMax, Base) = (x - ascent, x - descent, y, x); break;
        }

        // A font claiming no height would give an empty box; one point keeps it measurable.
        if (Rotation is 0 or 2 && YMin == YMax) (YMin, YMax) = (y, y + 1);
        if (Rotation is 1 or 3 && XMin == XMax) (XMin, XMax) = (x, x + 1);
    }
}
