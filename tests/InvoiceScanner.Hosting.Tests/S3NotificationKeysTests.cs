using FsCheck;
using FsCheck.Fluent;
using InvoiceScanner.Hosting.Events;

namespace InvoiceScanner.Hosting.Tests;

public sealed class S3NotificationKeysTests
{
    [Theory]
    [InlineData("uploads/u1/inv1/My Invoice(2).pdf", "uploads/u1/inv1/My+Invoice%282%29.pdf")]
    [InlineData("red flower.jpg", "red+flower.jpg")]
    [InlineData("a@b", "a%40b")]
    [InlineData("logs/10:47:07.log", "logs/10%3A47%3A07.log")]
    [InlineData("dt=2018-05-04/_SUCCESS", "dt%3D2018-05-04/_SUCCESS")]
    [InlineData("c++ & ü.pdf", "c%2B%2B+%26+%C3%BC.pdf")]
    [InlineData("a*b-c_d.e/f", "a*b-c_d.e/f")]
    [InlineData("~!'()", "%7E%21%27%28%29")]
    [InlineData("50%;#?", "50%25%3B%23%3F")]
    [InlineData("Rechnung 😀.png", "Rechnung+%F0%9F%98%80.png")]
    [InlineData("", "")]
    public void Encode_matches_s3_notifications_and_decode_inverts_it(string key, string eventKey)
    {
        Assert.Equal(eventKey, S3NotificationKeys.Encode(key));
        Assert.Equal(key, S3NotificationKeys.Decode(eventKey));
    }

    [Theory]
    [InlineData("uploads%2Fu1%2Fa.pdf", "uploads/u1/a.pdf")] // older events encoded '/'
    [InlineData("%c3%bc", "ü")] // lower-case hex
    [InlineData("(already)~raw!", "(already)~raw!")] // characters left literal pass through
    [InlineData("%2B+%2b", "+ +")]
    public void Decode_accepts_every_valid_spelling(string eventKey, string key)
        => Assert.Equal(key, S3NotificationKeys.Decode(eventKey));

    [Theory]
    [InlineData("%")]
    [InlineData("abc%")]
    [InlineData("abc%4")]
    [InlineData("%G1")]
    [InlineData("%%41")]
    [InlineData("%C3%28")] // not UTF-8
    [InlineData("%E2%82")] // truncated UTF-8 sequence
    [InlineData("%FF")]
    public void Decode_rejects_malformed_escapes_with_a_format_exception(string eventKey)
    {
        var error = Assert.Throws<FormatException>(() => S3NotificationKeys.Decode(eventKey));
        Assert.Contains(eventKey, error.Message);
    }

    [Fact]
    public void Encode_rejects_strings_that_are_not_valid_unicode()
        => Assert.Throws<ArgumentException>(() => S3NotificationKeys.Encode("bad\uD800key"));

    [Fact]
    public void Decode_of_encode_is_the_identity_for_any_key()
    {
        Prop.ForAll(KeyArbitrary(), key => S3NotificationKeys.Decode(S3NotificationKeys.Encode(key)) == key)
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Encoded_keys_only_use_the_characters_s3_leaves_literal_plus_escapes()
    {
        const string allowed = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.*/+%";
        Prop.ForAll(KeyArbitrary(), key =>
            {
                var encoded = S3NotificationKeys.Encode(key);
                return encoded.All(allowed.Contains) && S3NotificationKeys.Encode(S3NotificationKeys.Decode(encoded)) == encoded;
            })
            .QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("0065A1B2C3D4E5F601", "0065A1B2C3D4E5F602", -1)]
    [InlineData("FF", "0100", -1)] // different lengths compare as if left-padded
    [InlineData("00FF", "FF", 0)]
    [InlineData("abc", "ABC", 0)]
    [InlineData("1000", "FFF", 1)]
    [InlineData(null, "00", -1)] // a missing sequencer sorts first
    [InlineData("", null, 0)]
    public void CompareSequencers_orders_hex_values_numerically(string? a, string? b, int expectedSign)
    {
        Assert.Equal(expectedSign, Math.Sign(S3NotificationKeys.CompareSequencers(a, b)));
        Assert.Equal(-expectedSign, Math.Sign(S3NotificationKeys.CompareSequencers(b, a)));
    }

    [Fact]
    public void CompareSequencers_orders_repeated_records_for_one_key()
    {
        var sequencers = new List<string> { "0065A1B2C3D4E5F610", "65A1B2C3D4E5F6", "0065A1B2C3D4E5F609", "0065A1B2C3D4E5F60A" };

        sequencers.Sort(S3NotificationKeys.CompareSequencers);

        Assert.Equal(["65A1B2C3D4E5F6", "0065A1B2C3D4E5F609", "0065A1B2C3D4E5F60A", "0065A1B2C3D4E5F610"], sequencers);
    }

    [Fact]
    public void CompareSequencers_rejects_values_that_are_not_hex()
        => Assert.Throws<FormatException>(() => S3NotificationKeys.CompareSequencers("0065G1", "0065A1"));

    /// <summary>
    /// Keys built from chunks that stress the encoder: reserved and unreserved ASCII, '+', '%', spaces, accents,
    /// CJK, astral-plane emoji (surrogate pairs) and arbitrary BMP characters (never lone surrogates).
    /// </summary>
    private static Arbitrary<string> KeyArbitrary()
    {
        var special = Gen.Elements(
            " ", "+", "%", "/", "~", "!", "'", "(", ")", "*", "-", "_", ".", ":", "=", "@", "&", "?", "#", ";", ",",
            "\"", "<", ">", "[", "]", "{", "}", "|", "\\", "^", "`", "$", "\t", "\n", "é", "ü", "€", "中", "😀", "𝄞");
        var letters = Gen.Elements("a", "Z", "0", "9", "invoice", "uploads/u1/", ".pdf");
        var anyBmp = Gen.Choose(0x20, 0xD7FF).Select(c => ((char)c).ToString());
        var chunk = Gen.OneOf(special, letters, anyBmp);
        var key = Gen.ListOf(chunk).Select(chunks => string.Concat(chunks));
        return Arb.From(key);
    }
}
