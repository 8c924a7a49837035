using BitMiracle.LibTiff.Classic;

namespace InvoiceScanner.Ocr.Tests.Imaging.Decoding;

/// <summary>TIFF files written with LibTiff.NET into memory, one directory per page writer.</summary>
internal static class TiffTestFiles
{
    public static byte[] Write(params Action<Tiff>[] pages)
    {
        var output = new MemoryStream();
        using (var tiff = Tiff.ClientOpen("test", "w", output, new TiffStream()))
        {
            foreach (var page in pages)
            {
                page(tiff);
                Assert.True(tiff.WriteDirectory());
            }
        }

        return output.ToArray();
    }

    /// <summary>One bit a pixel; ink is a 1 bit for white-is-zero and a 0 bit for black-is-zero.</summary>
    public static Action<Tiff> Bilevel(TestScene scene, Compression compression, Photometric photometric, Action<Tiff>? extra = null) => tiff =>
    {
        Header(tiff, scene, bits: 1, samples: 1, photometric, compression, rowsPerStrip: scene.Height);
        extra?.Invoke(tiff);
        var row = new byte[(scene.Width + 7) / 8];
        for (var y = 0; y < scene.Height; y++)
        {
            Array.Clear(row);
            for (var x = 0; x < scene.Width; x++)
            {
                var one = scene.IsInk(x, y) == (photometric == Photometric.MINISWHITE);
                if (one) row[x / 8] |= (byte)(0x80 >> (x % 8));
            }

            Assert.True(tiff.WriteScanline(row, y));
        }
    };

    /// <summary>8 or 16-bit grey, black-is-zero (16-bit samples in the machine's byte order, as LibTiff.NET takes them).</summary>
    public static Action<Tiff> Grey(TestScene scene, int bits, Compression compression, Orientation orientation = Orientation.TOPLEFT) => tiff =>
    {
        Header(tiff, scene, bits, samples: 1, Photometric.MINISBLACK, compression, rowsPerStrip: 16);
        tiff.SetField(TiffTag.ORIENTATION, orientation);
        var bytes = bits / 8;
        var row = new byte[scene.Width * bytes];
        for (var y = 0; y < scene.Height; y++)
        {
            for (var x = 0; x < scene.Width; x++)
            {
                var value = scene.IsInk(x, y) ? 0 : (1 << bits) - 1;
                if (bytes == 1) row[x] = (byte)value;
                else BitConverter.TryWriteBytes(row.AsSpan(2 * x), (ushort)value);
            }

            Assert.True(tiff.WriteScanline(row, y));
        }
    };

    /// <summary>8-bit palette: entry 0 dark red (the ink), entry 1 white, the rest unused.</summary>
    public static Action<Tiff> Palette(TestScene scene) => tiff =>
    {
        Header(tiff, scene, bits: 8, samples: 1, Photometric.PALETTE, Compression.LZW, rowsPerStrip: 32);
        var (red, green, blue) = (new ushort[256], new ushort[256], new ushort[256]);
        (red[0], green[0], blue[0]) = (0x2000, 0, 0);
        (red[1], green[1], blue[1]) = (0xFFFF, 0xFFFF, 0xFFFF);
        tiff.SetField(TiffTag.COLORMAP, red, green, blue);
        var row = new byte[scene.Width];
        for (var y = 0; y < scene.Height; y++)
        {
            for (var x = 0; x < scene.Width; x++) row[x] = scene.IsInk(x, y) ? (byte)0 : (byte)1;
            Assert.True(tiff.WriteScanline(row, y));
        }
    };

    /// <summary>8-bit RGB (a dark blue rectangle on white), optionally with an unassociated alpha sample.</summary>
    public static Action<Tiff> Rgb(TestScene scene, Compression compression, bool alpha = false) => tiff =>
    {
        var samples = alpha ? 4 : 3;
        Header(tiff, scene, bits: 8, samples, Photometric.RGB, compression, rowsPerStrip: 8);
        if (alpha) tiff.SetField(TiffTag.EXTRASAMPLES, 1, new[] { (short)ExtraSample.UNASSALPHA });
        var row = new byte[scene.Width * samples];
        for (var y = 0; y < scene.Height; y++)
        {
            for (var x = 0; x < scene.Width; x++)
            {
                byte[] pixel = scene.IsInk(x, y) ? [0, 0, 40, 255] : alpha ? [0, 0, 0, 0] : [255, 255, 255, 255];
                pixel.AsSpan(0, samples).CopyTo(row.AsSpan(x * samples));
            }

            Assert.True(tiff.WriteScanline(row, y));
        }
    };

    /// <summary>CMYK inks at 8 or 16 bits: a red rectangle (magenta and yellow) on blank paper.</summary>
    public static Action<Tiff> Cmyk(TestScene scene, int bits) => tiff =>
    {
        Header(tiff, scene, bits, samples: 4, Photometric.SEPARATED, Compression.LZW, rowsPerStrip: 16);
        tiff.SetField(TiffTag.INKSET, InkSet.CMYK);
        var bytes = bits / 8;
        var row = new byte[scene.Width * 4 * bytes];
        for (var y = 0; y < scene.Height; y++)
        {
            row.AsSpan().Clear();
            for (var x = 0; x < scene.Width; x++)
            {
                if (!scene.IsInk(x, y)) continue;
                for (var ink = 1; ink <= 2; ink++) row.AsSpan((x * 4 + ink) * bytes, bytes).Fill(0xFF);
            }

            Assert.True(tiff.WriteScanline(row, y));
        }
    };

    /// <summary>8-bit RGB in 16x16 tiles (read through the RGBA interface).</summary>
    public static Action<Tiff> TiledRgb(TestScene scene, Orientation orientation) => tiff =>
    {
        Header(tiff, scene, bits: 8, samples: 3, Photometric.RGB, Compression.DEFLATE, rowsPerStrip: 0);
        tiff.SetField(TiffTag.TILEWIDTH, 16);
        tiff.SetField(TiffTag.TILELENGTH, 16);
        tiff.SetField(TiffTag.ORIENTATION, orientation);
        var tile = new byte[16 * 16 * 3];
        for (var top = 0; top < scene.Height; top += 16)
        {
            for (var left = 0; left < scene.Width; left += 16)
            {
                for (var y = 0; y < 16; y++)
                    for (var x = 0; x < 16; x++)
                        tile.AsSpan((y * 16 + x) * 3, 3).Fill(scene.IsInk(left + x, top + y) ? (byte)0 : (byte)255);
                Assert.True(tiff.WriteTile(tile, left, top, 0, 0) > 0);
            }
        }
    };

    /// <summary>JPEG-compressed YCbCr (subsampled 2x2), the usual layout of colour scans saved as TIFF.</summary>
    public static Action<Tiff> JpegYCbCr(TestScene scene) => tiff =>
    {
        Header(tiff, scene, bits: 8, samples: 3, Photometric.YCBCR, Compression.JPEG, rowsPerStrip: 16);
        tiff.SetField(TiffTag.JPEGQUALITY, 90);
        tiff.SetField(TiffTag.JPEGCOLORMODE, JpegColorMode.RGB);
        var row = new byte[scene.Width * 3];
        for (var y = 0; y < scene.Height; y++)
        {
            for (var x = 0; x < scene.Width; x++) row.AsSpan(x * 3, 3).Fill(scene.IsInk(x, y) ? (byte)0 : (byte)255);
            Assert.True(tiff.WriteScanline(row, y));
        }
    };

    private static void Header(Tiff tiff, TestScene scene, int bits, int samples, Photometric photometric, Compression compression, int rowsPerStrip)
    {
        tiff.SetField(TiffTag.IMAGEWIDTH, scene.Width);
        tiff.SetField(TiffTag.IMAGELENGTH, scene.Height);
        tiff.SetField(TiffTag.BITSPERSAMPLE, bits);
        tiff.SetField(TiffTag.SAMPLESPERPIXEL, samples);
        tiff.SetField(TiffTag.PHOTOMETRIC, photometric);
        tiff.SetField(TiffTag.COMPRESSION, compression);
        tiff.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
        tiff.SetField(TiffTag.XRESOLUTION, 200.0);
        tiff.SetField(TiffTag.YRESOLUTION, 200.0);
        tiff.SetField(TiffTag.RESOLUTIONUNIT, ResUnit.INCH);
        if (rowsPerStrip > 0) tiff.SetField(TiffTag.ROWSPERSTRIP, rowsPerStrip);
    }
}
