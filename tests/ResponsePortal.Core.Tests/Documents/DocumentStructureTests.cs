using System.IO.Compression;
using System.Text;
using ResponsePortal.Documents;

namespace ResponsePortal.Core.Tests.Documents;

public sealed class DocumentStructureTests
{
    private static readonly byte[] CompletePdf = Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\nxref\n0 1\n0000000000 65535 f \ntrailer <</Size 1 /Root 1 0 R>>\nstartxref\n42\n%%EOF\n");

    public static byte[] Zip(params (string Name, string Content)[] entries)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name, name == "mimetype" ? CompressionLevel.NoCompression : CompressionLevel.Optimal).Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }
        }
        return buffer.ToArray();
    }

    public static byte[] Docx() => Zip(("[Content_Types].xml", "<Types/>"), ("_rels/.rels", "<Relationships/>"), ("word/document.xml", "<w:document/>"));

    public static byte[] Odt() => Zip(("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<office:document-content/>"), ("META-INF/manifest.xml", "<manifest/>"));

    private static string? Check(DocumentFormat format, byte[] bytes) => DocumentStructure.Refusal(format, bytes, bytes.Length);

    [Fact]
    public void A_complete_PDF_passes()
        => Assert.Null(Check(DocumentFormat.Pdf, CompletePdf));

    [Fact]
    public void A_truncated_PDF_is_refused_as_cut_short()
    {
        var truncated = CompletePdf[..40];

        Assert.Contains("%%EOF", Check(DocumentFormat.Pdf, truncated));
    }

    [Fact]
    public void A_PDF_without_startxref_is_refused()
        => Assert.Contains("startxref", Check(DocumentFormat.Pdf, Encoding.ASCII.GetBytes("%PDF-1.4\ntrailer <<>>\n%%EOF\n")));

    [Fact]
    public void NUL_and_white_space_padding_after_the_trailer_is_tolerated_up_to_the_tail()
    {
        Assert.Null(Check(DocumentFormat.Pdf, [.. CompletePdf, .. new byte[60_000], .. "\r\n"u8]));
        Assert.NotNull(DocumentStructure.Refusal(DocumentFormat.Pdf, new byte[DocumentStructure.PdfTailBytes], DocumentStructure.PdfTailBytes + CompletePdf.Length));
    }

    [Fact]
    public void Complete_DOCX_and_ODT_pass()
    {
        Assert.Null(Check(DocumentFormat.Docx, Docx()));
        Assert.Null(Check(DocumentFormat.Odt, Odt()));
    }

    [Fact]
    public void A_DOCX_cut_before_its_central_directory_is_refused()
    {
        var docx = Docx();

        Assert.Contains("ZIP directory cannot be read", Check(DocumentFormat.Docx, docx[..(docx.Length / 2)]));
    }

    [Fact]
    public void A_DOCX_without_its_main_part_is_refused_naming_it()
        => Assert.Contains("word/document.xml", Check(DocumentFormat.Docx, Zip(("[Content_Types].xml", "<Types/>"), ("word/styles.xml", "<w:styles/>"))));

    [Fact]
    public void An_ODT_without_content_xml_is_refused_naming_it()
        => Assert.Contains("content.xml", Check(DocumentFormat.Odt, Zip(("mimetype", "application/vnd.oasis.opendocument.text"), ("styles.xml", "<styles/>"))));

    [Fact]
    public void Formats_without_a_trailer_are_not_checked()
        => Assert.Null(Check(DocumentFormat.PlainText, Encoding.UTF8.GetBytes("a letter")));

    [Fact]
    public async Task A_seekable_stream_is_checked_from_its_tail_and_left_where_it_was()
    {
        var stream = new MemoryStream([.. CompletePdf[..40]]) { Position = 8 };

        Assert.NotNull(await DocumentStructure.CheckAsync(DocumentFormat.Pdf, stream, default));
        Assert.Equal(8, stream.Position);
    }

    [Fact]
    public async Task A_streamed_document_passes_through_whole_when_its_structure_is_right()
    {
        var large = Zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", new string('x', 300_000)), ("word/media/image.bin", Convert.ToBase64String(new byte[400_000])));
        var copy = new MemoryStream();

        await DocumentStructure.Checking(DocumentFormat.Docx, new MemoryStream(large)).CopyToAsync(copy, 7_000);

        Assert.Equal(large, copy.ToArray());
    }

    [Fact]
    public async Task A_streamed_truncated_document_fails_at_its_end_with_the_reason()
    {
        var docx = Docx();
        var checking = DocumentStructure.Checking(DocumentFormat.Docx, new MemoryStream(docx[..^30]));

        var ex = await Assert.ThrowsAsync<DocumentStructureException>(() => checking.CopyToAsync(Stream.Null));

        Assert.Contains("Word document", ex.Message);
    }
}
