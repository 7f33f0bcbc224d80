extern alias OpenXml;
using System.IO.Compression;
using System.Text;
using OpenXml::DocumentFormat.OpenXml.Packaging;
using OpenXml::DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using WordText = OpenXml::DocumentFormat.OpenXml.Wordprocessing.Text;
using PageSize = UglyToad.PdfPig.Content.PageSize;

namespace ResponsePortal.Core.Tests.Documents.Text;

/// <summary>Real documents of each format, written with the formats' own libraries, for the extraction tests.</summary>
internal static class TextDocuments
{
    /// <summary>A PDF with one page per entry, each page's paragraphs separated by a blank line's height.</summary>
    public static byte[] Pdf(params string[][] pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var paragraphs in pages)
        {
            var page = builder.AddPage(PageSize.A4);
            var y = 780.0;
            foreach (var paragraph in paragraphs)
            {
                page.AddText(paragraph, 11, new PdfPoint(50, y), font);
                y -= 40;
            }
        }
        return builder.Build();
    }

    /// <summary>A PDF whose only page holds a picture and no text, as a scanner writes it.</summary>
    public static byte[] ScannedPdf()
    {
        var builder = new PdfDocumentBuilder();
        var page = builder.AddPage(PageSize.A4);
        page.AddPng(OnePixelPng(), new PdfRectangle(50, 50, 500, 700));
        return builder.Build();
    }

    public static byte[] Docx(params (string Style, string Text)[] paragraphs)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, OpenXml::DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            foreach (var (style, text) in paragraphs)
            {
                var properties = new ParagraphProperties();
                if (style == "List")
                {
                    properties.Append(new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = 1 }));
                }
                else if (style.Length > 0)
                {
                    properties.Append(new ParagraphStyleId { Val = style });
                }
                body.Append(new Paragraph(properties, new Run(new WordText(text) { Space = OpenXml::DocumentFormat.OpenXml.SpaceProcessingModeValues.Preserve })));
            }
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    /// <summary>An ODT: the uncompressed mimetype first, then content.xml with the given body markup.</summary>
    public static byte[] Odt(string bodyXml)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var mimetype = new StreamWriter(zip.CreateEntry("mimetype", CompressionLevel.NoCompression).Open()))
            {
                mimetype.Write("application/vnd.oasis.opendocument.text");
            }
            using var content = new StreamWriter(zip.CreateEntry("content.xml").Open(), new UTF8Encoding(false));
            content.Write($"""
                <?xml version="1.0" encoding="UTF-8"?>
                <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">
                <office:body><office:text>{bodyXml}</office:text></office:body></office:document-content>
                """);
        }
        return stream.ToArray();
    }

    /// <summary>
    /// A file of a few megabytes whose one XML part (<paramref name="part"/> of <paramref name="document"/>) inflates to
    /// <paramref name="inflatedBytes"/>: one paragraph of the same word again and again, as a decompression bomb is made.
    /// <paramref name="open"/> and <paramref name="close"/> wrap the repeated text in the format's markup. The zip's
    /// sizes are honest unless <paramref name="lie"/>.
    /// </summary>
    /// <summary>A DOCX whose document part is one paragraph inflating to <paramref name="inflatedBytes"/> (see <see cref="Bomb"/>).</summary>
    public static byte[] DocxBomb(long inflatedBytes, bool lie = false) => Bomb(Docx(("", "Excellency,")), "word/document.xml",
        """<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>""",
        "</w:t></w:r></w:p></w:body></w:document>", inflatedBytes, lie);

    /// <summary>An ODT whose content.xml is one paragraph inflating to <paramref name="inflatedBytes"/> (see <see cref="Bomb"/>).</summary>
    public static byte[] OdtBomb(long inflatedBytes, bool lie = false) => Bomb(Odt("<text:p>Excellency,</text:p>"), "content.xml",
        """<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>""",
        "</text:p></office:text></office:body></office:document-content>", inflatedBytes, lie);

    public static byte[] Bomb(byte[] document, string part, string open, string close, long inflatedBytes, bool lie = false)
    {
        var bytes = Inflating(document, part, open, close, inflatedBytes);
        if (lie)
        {
            // The part says it inflates to 4 KB, in its local header and in the central directory, as a crafted file can.
            var name = Encoding.UTF8.GetBytes(part);
            foreach (var (signature, sizeAt, nameAt) in new[] { (0x04034b50u, 22, 30), (0x02014b50u, 24, 46) })
            {
                for (int at = 0; at + nameAt + name.Length <= bytes.Length; at++)
                {
                    if (System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at)) == signature && bytes.AsSpan(at + nameAt, name.Length).SequenceEqual(name))
                    {
                        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + sizeAt), 4096);
                    }
                }
            }
        }
        return bytes;
    }

    private static byte[] Inflating(byte[] document, string part, string open, string close, long inflatedBytes)
    {
        using var stream = new MemoryStream();
        stream.Write(document);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry(part)!.Delete();
            using var content = zip.CreateEntry(part, CompressionLevel.Fastest).Open();
            content.Write(Encoding.UTF8.GetBytes(open));
            var words = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("trafficking ", 8192)));
            for (long written = 0; written < inflatedBytes; written += words.Length)
            {
                content.Write(words);
            }
            content.Write(Encoding.UTF8.GetBytes(close));
        }
        return stream.ToArray();
    }

    /// <summary>
    /// A one-page PDF whose content stream (FlateDecode) inflates to <paramref name="inflatedBytes"/> of text-showing
    /// operators: a decompression bomb of a few megabytes, written object by object with its cross-reference table.
    /// </summary>
    public static byte[] PdfBomb(long inflatedBytes)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            var line = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("BT /F1 11 Tf 50 780 Td (trafficking) Tj ET\n", 4096)));
            for (long written = 0; written < inflatedBytes; written += line.Length)
            {
                zlib.Write(line);
            }
        }
        var pdf = new MemoryStream();
        var offsets = new List<long>();
        void Write(string text) => pdf.Write(Encoding.ASCII.GetBytes(text));
        void Object(string body)
        {
            offsets.Add(pdf.Position);
            Write($"{offsets.Count} 0 obj\n{body}\nendobj\n");
        }
        Write("%PDF-1.7\n");
        Object("<< /Type /Catalog /Pages 2 0 R >>");
        Object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        Object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>");
        offsets.Add(pdf.Position);
        Write($"4 0 obj\n<< /Length {compressed.Length} /Filter /FlateDecode >>\nstream\n");
        compressed.Position = 0;
        compressed.CopyTo(pdf);
        Write("\nendstream\nendobj\n");
        Object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        var xref = pdf.Position;
        Write($"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            Write($"{offset:D10} 00000 n \n");
        }
        Write($"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }

    private static byte[] OnePixelPng() => Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
}
