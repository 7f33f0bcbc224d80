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

    private static byte[] OnePixelPng() => Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
}
