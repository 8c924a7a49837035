using System.Buffers.Binary;
using System.Text;

namespace InvoiceScanner.Tests.Deployment;

/// <summary>
/// The symbol versions an ELF file needs from each shared library (its GNU version-needs section, what `objdump -p`
/// lists under "Version References"), read from the file itself: which glibc a native binary asks for decides on
/// which Linux it loads. 64-bit little-endian ELF only (x86_64 and arm64 Lambda).
/// </summary>
public static class ElfVersionNeeds
{
    private const uint VersionNeedSection = 0x6ffffffe; // SHT_GNU_verneed
    private const uint SymbolTableSection = 2; // SHT_SYMTAB: the static symbols `strip` removes (.dynsym stays)

    public static bool IsElf(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[4];
        return stream.Read(magic) == 4 && magic.SequenceEqual("\x7F"u8.ToArray().Concat("ELF"u8.ToArray()).ToArray());
    }

    /// <summary>Every (library, version) the file needs, e.g. ("libc.so.6", "GLIBC_2.28").</summary>
    public static IReadOnlyList<(string Library, string Version)> Read(string path)
    {
        var elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException($"{path} is not a 64-bit little-endian ELF file.");
        var sectionsAt = (long)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(0x28));
        var sectionSize = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3A));
        var sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3C));
        var needs = new List<(string, string)>();
        for (var i = 0; i < sectionCount; i++)
        {
            var header = elf.AsSpan((int)(sectionsAt + i * sectionSize), sectionSize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) != VersionNeedSection)
                continue;
            var offset = (int)BinaryPrimitives.ReadUInt64LittleEndian(header[24..]);
            var strings = Section(elf, sectionsAt, sectionSize, (int)BinaryPrimitives.ReadUInt32LittleEndian(header[40..]));
            var entries = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[44..]);
            ReadEntries(elf, offset, entries, strings, needs);
        }
        return needs;
    }

    /// <summary>Whether the file still carries a static symbol table, i.e. was not stripped.</summary>
    public static bool HasSymbolTable(string path)
    {
        var elf = File.ReadAllBytes(path);
        var sectionsAt = (long)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(0x28));
        var sectionSize = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3A));
        var sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3C));
        for (var i = 0; i < sectionCount; i++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan((int)(sectionsAt + i * sectionSize) + 4)) == SymbolTableSection)
                return true;
        }
        return false;
    }

    private static void ReadEntries(byte[] elf, int offset, int entries, int strings, List<(string, string)> needs)
    {
        var entry = offset;
        for (var n = 0; n < entries; n++)
        {
            var library = Text(elf, strings + (int)BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(entry + 4)));
            var auxCount = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(entry + 2));
            var aux = entry + (int)BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(entry + 8));
            for (var a = 0; a < auxCount; a++)
            {
                needs.Add((library, Text(elf, strings + (int)BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(aux + 8)))));
                aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(aux + 12));
            }
            var next = (int)BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(entry + 12));
            if (next == 0)
                break;
            entry += next;
        }
    }

    private static int Section(byte[] elf, long sectionsAt, int sectionSize, int index) =>
        (int)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan((int)(sectionsAt + index * sectionSize) + 24));

    private static string Text(byte[] elf, int at)
    {
        var end = Array.IndexOf(elf, (byte)0, at);
        return Encoding.ASCII.GetString(elf, at, end - at);
    }

    /// <summary>The highest GLIBC_x.y version in <paramref name="needs"/>, or null when none is needed.</summary>
    public static Version? NewestGlibc(IEnumerable<(string Library, string Version)> needs) =>
        needs.Where(n => n.Version.StartsWith("GLIBC_", StringComparison.Ordinal) && char.IsAsciiDigit(n.Version[6]))
            .Select(n => Version.Parse(n.Version[6..].Count(c => c == '.') == 0 ? n.Version[6..] + ".0" : n.Version[6..]))
            .DefaultIfEmpty()
            .Max();
}
