using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Storage;
using InvoiceScanner.Hosting.Events;

namespace InvoiceScanner.Tests.Domain;

public class KeysAndIdsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Invoice_ids_are_valid_unique_and_sort_by_creation_time()
    {
        var earlier = InvoiceId.New(Now);
        var later = InvoiceId.New(Now.AddMilliseconds(1));
        Assert.True(InvoiceId.IsValid(earlier));
        Assert.Equal(26, earlier.Length);
        Assert.True(string.CompareOrdinal(earlier, later) < 0);
        Assert.NotEqual(InvoiceId.New(Now), InvoiceId.New(Now));
        Assert.Equal(Now, InvoiceId.Timestamp(earlier));
    }

    [Theory]
    [InlineData("")]
    [InlineData("01KAQ4N0Z6X8F0M6TV2C9R7B3")] // 25 chars
    [InlineData("01KAQ4N0Z6X8F0M6TV2C9R7B3DX")]
    [InlineData("01KAQ4N0Z6X8F0M6TV2C9R7B3I")] // I is not Crockford base32
    [InlineData("81KAQ4N0Z6X8F0M6TV2C9R7B3D")] // overflows 128 bits
    [InlineData("01kaq4n0z6x8f0m6tv2c9r7b3d")]
    public void Malformed_invoice_ids_are_rejected(string id) => Assert.False(InvoiceId.IsValid(id));

    [Theory]
    [InlineData("user-alice", true)]
    [InlineData("auth0|5f7c8ec7c33c6c004bbafe82", true)]
    [InlineData("0b3f6c1e-8c1f-4a51-9d3e-1f2a3b4c5d6e", true)]
    [InlineData("a/b", false)]
    [InlineData("a b", false)]
    [InlineData("..", false)]
    [InlineData("", false)]
    [InlineData("USER#x", false)]
    public void User_ids_are_restricted_to_a_key_safe_alphabet(string sub, bool valid) => Assert.Equal(valid, UserIds.IsValid(sub));

    [Fact]
    public void Upload_keys_round_trip_through_S3_notification_encoding()
    {
        var id = InvoiceId.New(Now);
        var key = ObjectKeys.Upload("auth0|42", id, ObjectKeys.SafeFileName("My Invoice (2) + tax.pdf"));
        var fromEvent = S3NotificationKeys.Decode(S3NotificationKeys.Encode(key));

        var parsed = ObjectKeys.Parse(fromEvent);

        Assert.NotNull(parsed);
        Assert.Equal(ObjectKind.Upload, parsed.Kind);
        Assert.Equal("auth0|42", parsed.UserId);
        Assert.Equal(id, parsed.InvoiceId);
        Assert.Equal(key, parsed.Key);
    }

    [Fact]
    public void The_sample_event_key_decodes_to_the_user_and_invoice()
    {
        var parsed = ObjectKeys.Parse(S3NotificationKeys.Decode("uploads/user-alice/01KAQ4N0Z6X8F0M6TV2C9R7B3D/My+Invoice+%282%29.pdf"));
        Assert.Equal(("user-alice", "01KAQ4N0Z6X8F0M6TV2C9R7B3D"), (parsed?.UserId, parsed?.InvoiceId));
        Assert.EndsWith("/My Invoice (2).pdf", parsed!.Key);
    }

    [Theory]
    [InlineData("uploads/user-alice/not-an-id/file.pdf")]
    [InlineData("uploads/user-alice/01KAQ4N0Z6X8F0M6TV2C9R7B3D/")]
    [InlineData("uploads/user alice/01KAQ4N0Z6X8F0M6TV2C9R7B3D/f.pdf")]
    [InlineData("ocr/user-alice/01KAQ4N0Z6X8F0M6TV2C9R7B3D.txt")]
    [InlineData("ocr/user-alice/extra/01KAQ4N0Z6X8F0M6TV2C9R7B3D.json")]
    [InlineData("other/user-alice/01KAQ4N0Z6X8F0M6TV2C9R7B3D.json")]
    public void Keys_that_are_not_ours_do_not_parse(string key) => Assert.Null(ObjectKeys.Parse(key));

    [Fact]
    public void Ocr_keys_parse()
    {
        var parsed = ObjectKeys.Parse(ObjectKeys.OcrResult("u1", "01KAQ4N0Z6X8F0M6TV2C9R7B3D"));
        Assert.Equal((ObjectKind.OcrResult, "u1", "01KAQ4N0Z6X8F0M6TV2C9R7B3D"), (parsed!.Kind, parsed.UserId, parsed.InvoiceId));
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Users\\me\\Rechnung März.pdf", "Rechnung März.pdf")]
    [InlineData("in\u0000voice?.pdf", "in_voice_.pdf")]
    [InlineData("...", "document")]
    [InlineData("a#b%c.pdf", "a_b_c.pdf")]
    public void File_names_are_made_safe_for_keys(string input, string expected) => Assert.Equal(expected, ObjectKeys.SafeFileName(input));

    [Fact]
    public void Long_file_names_keep_their_extension()
    {
        var safe = ObjectKeys.SafeFileName(new string('x', 400) + ".pdf");
        Assert.Equal(ObjectKeys.MaxFileNameLength, safe.Length);
        Assert.EndsWith(".pdf", safe);
    }

    [Fact]
    public void Cursors_round_trip_and_reject_anything_else()
    {
        var id = InvoiceId.New(Now);
        Assert.Equal(id, InvoiceCursor.Decode(InvoiceCursor.Encode(id)));
        Assert.Throws<InvalidCursorException>(() => InvoiceCursor.Decode("not-a-cursor"));
        Assert.Throws<InvalidCursorException>(() => InvoiceCursor.Decode(Convert.ToBase64String("v1:USER#other"u8.ToArray())));
    }
}
