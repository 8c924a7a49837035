using BitMiracle.LibTiff.Classic;

namespace InvoiceScanner.Ocr.Imaging.Decoding;

/// <summary>What the current TIFF directory says about its pixels (TIFF 6.0 baseline and extension tags).</summary>
internal sealed record TiffFrameInfo(
    long Width,
    long Height,
    int BitsPerSample,
    int SamplesPerPixel,
    Photometric Photometric,
    bool Contiguous,
    SampleFormat SampleFormat,
    Compression Compression,
    int Orientation,
    bool Tiled,
    ExtraSample Alpha)
{
    /// <summary>The colormap as 256 grey levels (palette images), null when there is none.</summary>
    public byte[]? PaletteGrey { get; init; }

    /// <summary>Separated (ink) images: whether the inks are cyan, magenta, yellow and black (InkSet 1, the default).</summary>
    public bool CmykInks { get; init; } = true;

    public static TiffFrameInfo Read(Tiff tiff)
    {
        var samples = Short(tiff, TiffTag.SAMPLESPERPIXEL, 1);
        var compression = (Compression)Short(tiff, TiffTag.COMPRESSION, (int)Compression.NONE);
        var info = new TiffFrameInfo(
            Size(tiff, TiffTag.IMAGEWIDTH),
            Size(tiff, TiffTag.IMAGELENGTH),
            Short(tiff, TiffTag.BITSPERSAMPLE, 1),
            samples,
            (Photometric)Short(tiff, TiffTag.PHOTOMETRIC, (int)GuessPhotometric(samples, compression)),
            Short(tiff, TiffTag.PLANARCONFIG, (int)PlanarConfig.CONTIG) != (int)PlanarConfig.SEPARATE,
            (SampleFormat)Short(tiff, TiffTag.SAMPLEFORMAT, (int)SampleFormat.UINT),
            compression,
            Short(tiff, TiffTag.ORIENTATION, 1),
            tiff.IsTiled(),
            FirstExtraSample(tiff));
        return info.Photometric switch
        {
            Photometric.PALETTE => info with { PaletteGrey = ReadPalette(tiff, info.BitsPerSample) },
            Photometric.SEPARATED => info with { CmykInks = Short(tiff, TiffTag.INKSET, (int)InkSet.CMYK) == (int)InkSet.CMYK },
            _ => info,
        };
    }

    /// <summary>Bilevel fax data is white-is-zero by convention; other data without the tag is grey or RGB.</summary>
    private static Photometric GuessPhotometric(int samples, Compression compression) => compression switch
    {
        Compression.CCITTRLE or Compression.CCITTRLEW or Compression.CCITTFAX3 or Compression.CCITTFAX4 => Photometric.MINISWHITE,
        _ => samples >= 3 ? Photometric.RGB : Photometric.MINISBLACK,
    };

    private static ExtraSample FirstExtraSample(Tiff tiff)
    {
        var field = tiff.GetField(TiffTag.EXTRASAMPLES);
        if (field is not { Length: >= 2 } || field[0].ToInt() < 1) return ExtraSample.UNSPECIFIED;
        var kinds = field[1].ToShortArray();
        return kinds is { Length: > 0 } ? (ExtraSample)kinds[0] : ExtraSample.UNSPECIFIED;
    }

    /// <summary>
    /// The grey level of each palette entry. Colormap values are 16-bit; some writers store 8-bit values in them,
    /// recognisable by every value being below 256.
    /// </summary>
    private static byte[]? ReadPalette(Tiff tiff, int bits)
    {
        var field = tiff.GetField(TiffTag.COLORMAP);
        if (field is not { Length: >= 3 } || bits > 8) return null;
        var (red, green, blue) = (field[0].ToUShortArray(), field[1].ToUShortArray(), field[2].ToUShortArray());
        var entries = 1 << bits;
        if (red is null || green is null || blue is null || red.Length < entries || green.Length < entries || blue.Length < entries) return null;
        var eightBit = true;
        for (var i = 0; i < entries; i++) eightBit &= red[i] < 256 && green[i] < 256 && blue[i] < 256;
        var shift = eightBit ? 0 : 8;
        var grey = new byte[256];
        for (var i = 0; i < entries; i++) grey[i] = Luminance.Of(red[i] >> shift, green[i] >> shift, blue[i] >> shift);
        return grey;
    }

    private static long Size(Tiff tiff, TiffTag tag) => tiff.GetField(tag) is { Length: > 0 } field ? field[0].ToUInt() : 0;

    private static int Short(Tiff tiff, TiffTag tag, int fallback) =>
        (tiff.GetField(tag) ?? tiff.GetFieldDefaulted(tag)) is { Length: > 0 } field ? field[0].ToUShort() : fallback;
}
