using System.Security.Cryptography;
using System.Text;
using Microsoft.Playwright;

namespace ResponsePortal.Browser.Tests.Harness;

/// <summary>Small real documents for uploads.</summary>
public static class TestFiles
{
    /// <summary>A one-page PDF whose text a reader can extract (Helvetica, a trailer with /Size; no cross-reference table, which readers rebuild).</summary>
    public static byte[] Pdf(string text)
    {
        var content = $"BT /F1 12 Tf 72 700 Td ({text}) Tj ET";
        return Encoding.ASCII.GetBytes(
            "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n" +
            "3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources <</Font <</F1 5 0 R>>>> /Contents 4 0 R>> endobj\n" +
            $"4 0 obj <</Length {content.Length}>> stream\n{content}\nendstream endobj\n" +
            "5 0 obj <</Type /Font /Subtype /Type1 /BaseFont /Helvetica>> endobj\ntrailer <</Size 6 /Root 1 0 R>>\nstartxref\n0\n%%EOF\n");
    }

    /// <summary>
    /// A one-page PDF written by PdfPig's builder, its paragraphs a blank line's height apart, so text extraction reads
    /// them as separate blocks (the anchors a search result links to count them).
    /// </summary>
    public static byte[] PdfParagraphs(params string[] paragraphs)
    {
        var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        var font = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        var y = 780.0;
        foreach (var paragraph in paragraphs)
        {
            page.AddText(paragraph, 11, new UglyToad.PdfPig.Core.PdfPoint(50, y), font);
            y -= 40;
        }
        return builder.Build();
    }

    public static FilePayload PdfFile(string name, string text) => new() { Name = name, MimeType = "application/pdf", Buffer = Pdf(text) };

    public static FilePayload TextFile(string name, string text) => new() { Name = name, MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes(text) };

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
