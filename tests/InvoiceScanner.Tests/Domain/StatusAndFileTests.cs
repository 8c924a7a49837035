using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.TestSupport.Fakes;

namespace InvoiceScanner.Tests.Domain;

public class StatusAndFileTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Terminal_statuses_never_move()
    {
        foreach (var terminal in Enum.GetValues<InvoiceStatus>().Where(s => s.IsTerminal()))
            foreach (var target in Enum.GetValues<InvoiceStatus>())
                Assert.False(InvoiceStatuses.CanMove(terminal, target), $"{terminal} -> {target}");
    }

    [Fact]
    public void The_life_cycle_only_moves_forward()
    {
        var order = new[] { InvoiceStatus.AwaitingUpload, InvoiceStatus.Processing, InvoiceStatus.OcrComplete, InvoiceStatus.Extracting, InvoiceStatus.Completed };
        for (var i = 0; i < order.Length; i++)
            for (var j = 0; j <= i; j++)
                Assert.False(InvoiceStatuses.CanMove(order[i], order[j]), $"{order[i]} -> {order[j]} moves backwards");
        Assert.True(InvoiceStatuses.CanMove(InvoiceStatus.AwaitingUpload, InvoiceStatus.Processing));
        Assert.True(InvoiceStatuses.CanMove(InvoiceStatus.Extracting, InvoiceStatus.NeedsReview));
        Assert.True(InvoiceStatuses.CanMove(InvoiceStatus.Processing, InvoiceStatus.Failed));
    }

    [Fact]
    public void A_claim_can_be_retaken_only_after_its_lease_lapsed()
    {
        var claim = new StatusUpdate(InvoiceStatus.Processing, Now) { LeaseExpiresAt = Now.AddMinutes(5) };
        Assert.False(InvoiceStatuses.Permits(InvoiceStatus.Processing, Now.AddSeconds(1), claim));
        Assert.True(InvoiceStatuses.Permits(InvoiceStatus.Processing, Now.AddSeconds(-1), claim));
        Assert.False(InvoiceStatuses.Permits(InvoiceStatus.Processing, null, claim));
        // Not a claim: OCR_COMPLETE -> OCR_COMPLETE is never allowed, lease or not.
        Assert.False(InvoiceStatuses.Permits(InvoiceStatus.OcrComplete, Now.AddDays(-1), new StatusUpdate(InvoiceStatus.OcrComplete, Now)));
    }

    [Fact]
    public void Wire_names_round_trip()
    {
        foreach (var status in Enum.GetValues<InvoiceStatus>())
        {
            Assert.True(InvoiceStatuses.TryParseWire(status.ToWire(), out var parsed));
            Assert.Equal(status, parsed);
        }
        Assert.False(InvoiceStatuses.TryParseWire("DONE", out _));
    }

    [Fact]
    public void Files_are_recognised_by_their_magic_bytes()
    {
        Assert.Equal(DocumentKind.Pdf, FileSniffer.Sniff(SampleFiles.MinimalPdf()).Kind);
        Assert.Equal(DocumentKind.Png, FileSniffer.Sniff(SampleFiles.Png()).Kind);
        Assert.Equal(DocumentKind.Jpeg, FileSniffer.Sniff(SampleFiles.Jpeg()).Kind);
        Assert.Equal(DocumentKind.Tiff, FileSniffer.Sniff("II*\0\x08\0\0\0"u8).Kind);
        Assert.Equal(DocumentKind.Tiff, FileSniffer.Sniff("MM\0*\0\0\0\x08"u8).Kind);
        var zip = FileSniffer.Sniff(SampleFiles.Zip());
        Assert.Null(zip.Kind);
        Assert.Contains("ZIP", zip.Description);
        Assert.Null(FileSniffer.Sniff("<html>"u8).Kind);
    }

    [Fact]
    public void A_pdf_with_leading_junk_is_still_a_pdf_but_a_cut_one_is_flagged()
    {
        var junk = new byte[100];
        Assert.Equal(DocumentKind.Pdf, FileSniffer.Sniff([.. junk, .. SampleFiles.MinimalPdf()]).Kind);
        Assert.False(FileSniffer.LooksTruncatedPdf(SampleFiles.MinimalPdf()));
        Assert.True(FileSniffer.LooksTruncatedPdf(SampleFiles.TruncatedPdf()));
    }

    [Fact]
    public void Pdf_page_hints_count_page_objects_and_say_zero_when_unknown()
    {
        var twoPages = System.Text.Encoding.ASCII.GetBytes(
            "%PDF-1.4\n1 0 obj<</Type /Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type /Pages/Kids[3 0 R 4 0 R]/Count 2>>endobj\n" +
            "3 0 obj<</Type /Page/Parent 2 0 R>>endobj\n4 0 obj<</Type/Page/Parent 2 0 R>>endobj\n%%EOF");
        Assert.Equal(2, PdfPages.CountHint(twoPages));
        Assert.Equal(0, PdfPages.CountHint(SampleFiles.MinimalPdf()));
    }
}
