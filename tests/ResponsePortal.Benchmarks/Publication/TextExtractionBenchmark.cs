using System.Diagnostics;
using System.Globalization;
using System.Text;
using ResponsePortal.DevHost.Demo;
using ResponsePortal.Documents;
using ResponsePortal.Documents.Text;
using ResponsePortal.Publication;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using PageSize = UglyToad.PdfPig.Content.PageSize;

namespace ResponsePortal.Benchmarks.Publication;

/// <summary>
/// What reading one document's text costs, per format, on documents of the synthetic archive's length (a few pages):
/// the synthetic archive's files are plain text, so the <c>site</c> benchmark's build measures the cheapest format;
/// this gives the figure to scale it by for an archive of PDFs and Word documents.
/// </summary>
public static class TextExtractionBenchmark
{
    public static Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 1 && args[0] == "--count" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        var extractor = new TextExtractor();
        var texts = Enumerable.Range(0, count).Select(i => SyntheticArchive.DocumentText($"benchmark/{i}/letter.txt")).ToList();
        var characters = texts.Sum(t => t.Length) / (double)count;
        Console.WriteLine($"text extraction: {count} documents per format, {characters:N0} characters each on average; {Environment.ProcessorCount} cores");
        var formats = new (string Name, DocumentFormat Format, Func<int, byte[]> Write)[]
        {
            ("txt", DocumentFormat.PlainText, i => Encoding.UTF8.GetBytes(texts[i])),
            ("pdf", DocumentFormat.Pdf, i => Pdf(texts[i])),
            ("docx", DocumentFormat.Docx, i => DemoLetter.Docx($"AL TST {i + 1}/2021", "Synthetic addressee", i % 2 == 0, false)),
        };
        foreach (var (name, format, write) in formats)
        {
            var documents = Enumerable.Range(0, count).Select(write).ToList();
            extractor.Extract(documents[0], format); // JIT
            var times = new List<double>();
            var blocks = 0;
            foreach (var document in documents)
            {
                var clock = Stopwatch.StartNew();
                var text = extractor.Extract(document, format);
                times.Add(clock.Elapsed.TotalMilliseconds);
                if (text.Outcome != TextOutcome.Extracted)
                {
                    throw new InvalidOperationException($"A {name} document gave {text.Outcome}.");
                }
                blocks += text.Blocks.Count;
            }
            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-5} median {times[times.Count / 2],7:F2} ms, p90 {times[times.Count * 9 / 10],7:F2} ms per document ({documents.Average(d => d.Length) / 1024:F0} KB, {blocks / (double)count:F0} blocks)"));
        }
        return Task.FromResult(0);
    }

    /// <summary>The text as a PDF of A4 pages, 11 pt Helvetica, about 95 characters a line and a blank line between paragraphs.</summary>
    private static byte[] Pdf(string text)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        PdfPageBuilder? page = null;
        var y = 0.0;
        void Line(string line)
        {
            if (page is null || y < 60)
            {
                page = builder.AddPage(PageSize.A4);
                y = 790;
            }
            if (line.Length > 0)
            {
                page.AddText(line, 11, new PdfPoint(50, y), font);
            }
            y -= 14;
        }
        foreach (var paragraph in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var line = new StringBuilder();
            foreach (var word in paragraph.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length + word.Length > 95)
                {
                    Line(line.ToString());
                    line.Clear();
                }
                line.Append(line.Length > 0 ? " " : "").Append(word);
            }
            Line(line.ToString());
            Line("");
        }
        return builder.Build();
    }
}
