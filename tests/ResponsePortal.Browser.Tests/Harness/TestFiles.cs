using System.Security.Cryptography;
using System.Text;
using Microsoft.Playwright;

namespace ResponsePortal.Browser.Tests.Harness;

/// <summary>Small real documents for uploads.</summary>
public static class TestFiles
{
    public static byte[] Pdf(string text) => Encoding.ASCII.GetBytes(
        $"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n" +
        $"3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R>> endobj\n4 0 obj <</Length {text.Length + 20}>> stream\nBT /F1 12 Tf ({text}) Tj ET\nendstream endobj\ntrailer <</Root 1 0 R>>\nstartxref\n0\n%%EOF\n");

    public static FilePayload PdfFile(string name, string text) => new() { Name = name, MimeType = "application/pdf", Buffer = Pdf(text) };

    public static FilePayload TextFile(string name, string text) => new() { Name = name, MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes(text) };

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
