using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace ResponsePortal.Reports;

/// <summary>
/// The report as a PDF (A4, one embedded font, text that can be searched and copied), drawn with PDFsharp
/// (docs/adr/0601-report-pdf-with-pdfsharp.md). It says what the HTML page says, in the same order.
/// </summary>
public static class ReportPdf
{
    private const double Margin = 48;
    private const string Family = ReportFonts.Family;

    public static byte[] Write(CommunicationReport report, ReportText text, string baseUrl)
    {
        ReportFonts.Install();
        var document = new PdfDocument();
        // Plain spaces in the metadata: PDFsharp writes U+00A0 as the byte A0, which PDFDocEncoding reads as "€".
        document.Info.Title = text.TitleOf(report.Name).Replace('\u00a0', ' ');
        document.Info.Subject = $"{report.Session} · {text.Version} {report.Version}".Replace('\u00a0', ' ');
        document.Info.Creator = "ResponsePortal";
        // The cut-off, not the machine's clock: the document says when its facts were taken.
        document.Info.CreationDate = report.CutOff.UtcDateTime;
        document.Info.ModificationDate = report.CutOff.UtcDateTime;
        document.Language = text.Site.CultureName;

        var writer = new Writer(document);
        var root = baseUrl.TrimEnd('/') + "/";
        writer.Paragraph(text.TitleOf(report.Name), 16, bold: true);
        writer.Paragraph($"{text.Period}{text.Site.Colon}{text.PeriodText(report)}", 10);
        writer.Paragraph($"{text.Session}{text.Site.Colon}{report.Session}", 10);
        writer.Paragraph($"{text.Version}{text.Site.Colon}{report.Version} · {text.CutOff}{text.Site.Colon}{text.FormatInstant(report.CutOff)}", 10);
        if (report.Status == ReportStatus.Draft)
        {
            writer.Paragraph(text.Draft, 10, bold: true);
        }
        if (report.Corrigendum is { } note)
        {
            writer.Space(6);
            writer.Paragraph(text.CorrigendumTitle, 12, bold: true);
            writer.Paragraph(note, 10);
            foreach (var change in report.Changes)
            {
                writer.Paragraph("• " + text.ChangeText(change), 9, indent: 10);
            }
        }
        writer.Space(6);
        writer.Paragraph(text.Intro, 9);
        writer.Space(8);
        writer.Paragraph(text.Totals, 12, bold: true);
        writer.Paragraph(Counts(report.Totals, text), 10);

        foreach (var group in report.Groups)
        {
            writer.Space(10);
            writer.Paragraph(group.AddresseeName, 13, bold: true);
            writer.Paragraph(Counts(group.Counts, text), 9);
            writer.Space(4);
            writer.Paragraph(text.LettersSent, 11, bold: true);
            if (group.Letters.Count == 0)
            {
                writer.Paragraph(text.Nothing, 9);
            }
            foreach (var letter in group.Letters)
            {
                writer.Space(3);
                writer.Paragraph($"{letter.Reference} · {text.FormatDate(letter.SentOn)}", 10, bold: true);
                if (!letter.IsPublic)
                {
                    writer.Paragraph(text.NotYetPublic, 9, indent: 10);
                    continue;
                }
                writer.Paragraph($"{text.Type}{text.Site.Colon}{letter.Type} · {text.ReplyDue}{text.Site.Colon}{text.FormatDate(letter.ReplyDueOn!.Value)} · {text.LetterStatus(letter)}", 9, indent: 10);
                writer.Paragraph($"{text.Mandates}{text.Site.Colon}{string.Join("; ", letter.Mandates!)}", 9, indent: 10);
                writer.Paragraph(letter.Subject!, 9, bold: true, indent: 10);
                writer.Paragraph(letter.Summary!, 9, indent: 10);
                writer.Paragraph(root + letter.Page, 8, indent: 10);
            }
            writer.Space(4);
            writer.Paragraph(text.RepliesInPeriod, 11, bold: true);
            if (group.Replies.Count == 0)
            {
                writer.Paragraph(text.Nothing, 9);
            }
            foreach (var reply in group.Replies)
            {
                writer.Paragraph($"{reply.Reference} · {text.Received} {text.FormatDate(reply.ReceivedOn)} · {text.ReplyTiming(reply)} · {text.ReplyVisibility(reply)}", 9, indent: 10);
            }
        }
        writer.Finish(report, text);

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    private static string Counts(ReportCounts c, ReportText t)
    {
        var culture = CultureInfo.InvariantCulture;
        return $"{t.Sent} {c.Sent.ToString(culture)} · {t.Replied} {c.Replied.ToString(culture)} · {t.OnTime} {c.OnTime.ToString(culture)} · {t.Late} {c.Late.ToString(culture)} · " +
               $"{t.NotReplied} {c.NotReplied.ToString(culture)} · {t.ReplyRate} {t.Rate(c.ReplyRate)} · {t.RepliesReceived} {c.RepliesReceived.ToString(culture)}";
    }

    /// <summary>Lays paragraphs out top to bottom, wrapping words and starting a new page when one is full.</summary>
    private sealed class Writer(PdfDocument document)
    {
        private PdfPage? _page;
        private XGraphics? _graphics;
        private double _y;

        private XGraphics Graphics
        {
            get
            {
                if (_graphics is null)
                {
                    NewPage();
                }
                return _graphics!;
            }
        }

        private void NewPage()
        {
            _graphics?.Dispose();
            _page = document.AddPage();
            _page.Size = PdfSharp.PageSize.A4;
            _graphics = XGraphics.FromPdfPage(_page);
            _y = Margin;
        }

        public void Space(double points) => _y += points;

        public void Paragraph(string content, double size, bool bold = false, double indent = 0)
        {
            var graphics = Graphics;
            var font = new XFont(Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);
            var width = _page!.Width.Point - 2 * Margin - indent;
            var lineHeight = size * 1.3;
            foreach (var line in Wrap(graphics, content, font, width))
            {
                if (_y + lineHeight > _page!.Height.Point - Margin)
                {
                    NewPage();
                    graphics = _graphics!;
                }
                graphics.DrawString(line, font, XBrushes.Black, new XRect(Margin + indent, _y, width, lineHeight), XStringFormats.TopLeft);
                _y += lineHeight;
            }
            _y += size * 0.25;
        }

        /// <summary>Page numbers in the footer of every page, once the number of pages is known.</summary>
        public void Finish(CommunicationReport report, ReportText text)
        {
            _ = Graphics;
            _graphics!.Dispose();
            _graphics = null;
            var font = new XFont(Family, 7, XFontStyleEx.Regular);
            for (int i = 0; i < document.PageCount; i++)
            {
                using var graphics = XGraphics.FromPdfPage(document.Pages[i], XGraphicsPdfPageOptions.Append);
                var page = document.Pages[i];
                graphics.DrawString($"{report.Name} · {text.Version} {report.Version} · {i + 1}/{document.PageCount}", font, XBrushes.Black,
                    new XRect(Margin, page.Height.Point - Margin + 12, page.Width.Point - 2 * Margin, 10), XStringFormats.TopLeft);
            }
        }

        private static IEnumerable<string> Wrap(XGraphics graphics, string content, XFont font, double width)
        {
            foreach (var paragraph in content.Replace("\r\n", "\n").Split('\n'))
            {
                var line = "";
                foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var candidate = line.Length == 0 ? word : line + " " + word;
                    if (graphics.MeasureString(candidate, font).Width <= width)
                    {
                        line = candidate;
                        continue;
                    }
                    if (line.Length > 0)
                    {
                        yield return line;
                    }
                    // A word wider than the line (a long URL) is cut where it overflows.
                    line = word;
                    while (graphics.MeasureString(line, font).Width > width && line.Length > 1)
                    {
                        var fit = line.Length - 1;
                        while (fit > 1 && graphics.MeasureString(line[..fit], font).Width > width)
                        {
                            fit--;
                        }
                        yield return line[..fit];
                        line = line[fit..];
                    }
                }
                yield return line;
            }
        }
    }
}

/// <summary>
/// The PDF's one font, DejaVu Sans, shipped inside this assembly: a host without installed fonts (a Functions
/// container) draws the same glyphs, French and Spanish accents included. Bold is simulated from the regular face.
/// </summary>
public sealed class ReportFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string Face = "DejaVuSans";
    private static readonly Lazy<byte[]> Bytes = new(() =>
    {
        using var stream = typeof(ReportFonts).Assembly.GetManifestResourceStream("fonts/DejaVuSans.ttf")
            ?? throw new InvalidOperationException("The embedded font fonts/DejaVuSans.ttf is missing from the Core assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });
    private static readonly Lock Gate = new();

    /// <summary>Installs the resolver once per process (PDFsharp allows one, set before the first font is used).</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not ReportFonts)
            {
                GlobalFontSettings.FontResolver = new ReportFonts();
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic)
        => new(Face, isBold, isItalic);

    public byte[]? GetFont(string faceName) => faceName == Face ? Bytes.Value : null;
}
