using ResponsePortal.Reports;
using UglyToad.PdfPig;
using static ResponsePortal.Core.Tests.Reports.ReportTestData;

namespace ResponsePortal.Core.Tests.Reports;

public sealed class ReportPdfTests
{
    [Theory]
    [InlineData("en", "Communications report: HRC 17")]
    [InlineData("fr", "Rapport sur les communications : HRC 17")]
    [InlineData("es", "Informe sobre las comunicaciones: HRC 17")]
    public void Pdf_opens_in_an_independent_reader_and_names_every_reference_in_its_language(string language, string title)
    {
        var report = Build(Period("2011-01-03", "2011-01-31"), new DateTimeOffset(2012, 1, 1, 0, 0, 0, TimeSpan.Zero));

        var bytes = ReportPdf.Write(report, ReportText.For(language), "https://example.org/");

        using var document = PdfDocument.Open(bytes);
        var words = TextOf(bytes);
        Assert.True(document.NumberOfPages > 5, $"{document.NumberOfPages} pages for 116 letters");
        Assert.Contains(title, words.Replace('\u00a0', ' '));
        Assert.All(report.Groups.SelectMany(g => g.Letters), l => Assert.Contains(l.Reference, words));
        Assert.Equal(title, document.Information.Title);
    }

    /// <summary>The PDF's words, read back with PdfPig (an independent reader).</summary>
    public static string TextOf(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }
}
