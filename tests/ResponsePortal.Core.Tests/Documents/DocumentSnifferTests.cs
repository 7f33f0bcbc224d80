using System.IO.Compression;
using System.Text;
using ResponsePortal.Documents;

namespace ResponsePortal.Core.Tests.Documents;

public sealed class DocumentSnifferTests
{
    [Fact]
    public void Pdf_is_recognised_by_its_header()
    {
        Assert.Equal(DocumentFormat.Pdf, DocumentSniffer.Identify("%PDF-1.7\n..."u8, out _));
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><script>alert(1)</script></html>", "web page")]
    [InlineData("  <html><body>reply</body></html>", "web page")]
    [InlineData("<svg xmlns='http://www.w3.org/2000/svg'/>", "web page")]
    [InlineData("\n\t <SCRIPT>alert(1)</SCRIPT>", "web page")]
    [InlineData("<?XML version='1.0'?><Html/>", "web page")]
    [InlineData("#!/bin/sh\nrm -rf /", "program")]
    public void Markup_or_script_named_like_a_document_is_refused(string content, string reason)
    {
        Assert.Null(DocumentSniffer.Identify(Encoding.UTF8.GetBytes(content), out var refusal));
        Assert.Contains(reason, refusal);
    }

    [Theory]
    [InlineData("<h1>not one of the refused openings</h1>")]
    [InlineData("Dear Sir, <html> appears later in the text")]
    public void Text_that_only_contains_markup_later_or_other_tags_is_plain_text(string content)
    {
        Assert.Equal(DocumentFormat.PlainText, DocumentSniffer.Identify(Encoding.UTF8.GetBytes(content), out var refusal));
        Assert.Null(refusal);
    }

    [Fact]
    public void Windows_executable_is_refused()
    {
        Assert.Null(DocumentSniffer.Identify([(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0], out var refusal));
        Assert.Contains("program", refusal);
    }

    [Fact]
    public void Empty_file_is_refused()
    {
        Assert.Null(DocumentSniffer.Identify([], out var refusal));
        Assert.Contains("empty", refusal);
    }

    [Fact]
    public void Utf8_text_is_plain_text_even_when_the_head_cuts_a_character()
    {
        var bytes = Encoding.UTF8.GetBytes("Réponse du Gouvernement: é");
        Assert.Equal(DocumentFormat.PlainText, DocumentSniffer.Identify(bytes.AsSpan(0, bytes.Length - 1), out _));
    }

    [Fact]
    public void Binary_garbage_is_refused()
    {
        Assert.Null(DocumentSniffer.Identify([0x00, 0x01, 0x02, 0xFE, 0xFF, 0x00], out _));
    }

    [Fact]
    public void Word_document_is_recognised_from_its_package_parts()
    {
        var docx = Zip(("[Content_Types].xml", "<Types/>"), ("_rels/.rels", "<Relationships/>"), ("word/document.xml", "<w:document/>"));
        Assert.Equal(DocumentFormat.Docx, DocumentSniffer.Identify(docx, out _));
    }

    [Fact]
    public void OpenDocument_text_is_recognised_from_its_mimetype_entry()
    {
        var odt = Zip(("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<office:document-content/>"));
        Assert.Equal(DocumentFormat.Odt, DocumentSniffer.Identify(odt, out _));
    }

    [Fact]
    public void Other_zip_archive_is_refused()
    {
        var xlsx = Zip(("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>"));
        Assert.Null(DocumentSniffer.Identify(xlsx, out var refusal));
        Assert.Contains("ZIP", refusal);
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Users\\me\\reply.pdf", "reply.pdf")]
    [InlineData("re\u0000ply\u0007.pdf", "reply.pdf")]
    [InlineData("   ", "document")]
    [InlineData("<script>.pdf", "script.pdf")]
    public void File_names_lose_paths_and_control_characters(string given, string expected)
    {
        Assert.Equal(expected, FileNames.ForDisplay(given));
    }

    [Fact]
    public void Long_file_names_are_cut_but_keep_their_extension()
    {
        var name = FileNames.ForDisplay(new string('a', 300) + ".pdf");
        Assert.Equal(FileNames.MaxLength, name.Length);
        Assert.EndsWith(".pdf", name);
    }

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                var entry = zip.CreateEntry(name, name == "mimetype" ? CompressionLevel.NoCompression : CompressionLevel.Optimal);
                using var writer = new StreamWriter(entry.Open());
                writer.Write(content);
            }
        }
        return buffer.ToArray();
    }
}
