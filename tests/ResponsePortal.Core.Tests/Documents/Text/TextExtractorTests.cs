using System.Text;
using Microsoft.Extensions.Time.Testing;
using ResponsePortal.Documents;
using ResponsePortal.Documents.Text;

namespace ResponsePortal.Core.Tests.Documents.Text;

public sealed class TextExtractorTests
{
    private static readonly TextExtractor Extractor = new();

    private static string[] Texts(DocumentText text) => text.Blocks.Select(b => b.Text).ToArray();

    [Fact]
    public void A_pdf_gives_its_paragraphs_in_reading_order_across_pages()
    {
        var pdf = TextDocuments.Pdf(["Excellency,", "I have the honour to address you on Instagram accounts."], ["Please provide any information on trafficking."]);

        var text = Extractor.Extract(pdf, DocumentFormat.Pdf);

        Assert.Equal(TextOutcome.Extracted, text.Outcome);
        Assert.Equal(["Excellency,", "I have the honour to address you on Instagram accounts.", "Please provide any information on trafficking."], Texts(text));
    }

    [Fact]
    public void A_scanned_pdf_is_said_to_hold_no_text()
    {
        Assert.Equal(TextOutcome.NoText, Extractor.Extract(TextDocuments.ScannedPdf(), DocumentFormat.Pdf).Outcome);
    }

    [Fact]
    public void A_docx_keeps_its_headings_paragraphs_and_list_items()
    {
        var docx = TextDocuments.Docx(("Heading1", "Reply of the Government"), ("", "The Government   thanks the Special Rapporteurs."), ("List", "First, the accounts were closed."), ("", ""));

        var text = Extractor.Extract(docx, DocumentFormat.Docx);

        Assert.Equal(TextOutcome.Extracted, text.Outcome);
        Assert.Equal([TextBlockKind.Heading, TextBlockKind.Paragraph, TextBlockKind.ListItem], text.Blocks.Select(b => b.Kind));
        Assert.Equal("The Government thanks the Special Rapporteurs.", text.Blocks[1].Text);
    }

    [Fact]
    public void An_odt_keeps_its_headings_paragraphs_and_list_items_and_its_spaces()
    {
        var odt = TextDocuments.Odt("""
            <text:h text:outline-level="1">Réponse du Gouvernement</text:h>
            <text:p>Le Gouvernement<text:s/>remercie les <text:span>rapporteurs</text:span>.</text:p>
            <text:list><text:list-item><text:p>Les comptes ont été fermés.</text:p></text:list-item></text:list>
            <text:p>Fin.</text:p>
            """);

        var text = Extractor.Extract(odt, DocumentFormat.Odt);

        Assert.Equal(TextOutcome.Extracted, text.Outcome);
        Assert.Equal(["Réponse du Gouvernement", "Le Gouvernement remercie les rapporteurs.", "Les comptes ont été fermés.", "Fin."], Texts(text));
        Assert.Equal([TextBlockKind.Heading, TextBlockKind.Paragraph, TextBlockKind.ListItem, TextBlockKind.Paragraph], text.Blocks.Select(b => b.Kind));
    }

    [Fact]
    public void An_odt_with_a_document_type_declaration_is_not_expanded()
    {
        // An entity expansion ("billion laughs") or an external entity must never be resolved: the file is refused whole.
        using var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var content = new StreamWriter(zip.CreateEntry("content.xml").Open());
            content.Write("""<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]><d>&e;</d>""");
        }

        var text = Extractor.Extract(stream.ToArray(), DocumentFormat.Odt);

        Assert.Equal(TextOutcome.Unreadable, text.Outcome);
        Assert.Empty(text.Blocks);
    }

    [Fact]
    public void Plain_text_is_split_into_paragraphs_at_blank_lines_and_its_wrapping_is_undone()
    {
        var text = Extractor.Extract(Encoding.UTF8.GetBytes("Dear Sir,\r\n\r\nWe reply to your letter\nof 25 January 2021.\n\n- first point\n"), DocumentFormat.PlainText);

        Assert.Equal(["Dear Sir,", "We reply to your letter of 25 January 2021.", "first point"], Texts(text));
        Assert.Equal(TextBlockKind.ListItem, text.Blocks[2].Kind);
    }

    [Fact]
    public void Plain_text_read_in_one_pass_gives_what_splitting_trimming_and_collapsing_lines_gives()
    {
        // Every kind of line end, white space that is not a line end, control characters, list markers.
        string[] units = ["a", "b", "é", " ", " ", "\t", "\r", "\n", "\r\n", "\f", "\u0085", "\u2028", "\u2029", "\u00a0", "\u0001", "- ", "• "];
        var random = new Random(14);
        for (int trial = 0; trial < 2000; trial++)
        {
            var input = string.Concat(Enumerable.Range(0, random.Next(0, 30)).Select(_ => units[random.Next(units.Length)]));

            var blocks = Extractor.Extract(Encoding.UTF8.GetBytes(input), DocumentFormat.PlainText).Blocks;

            var expected = ByLines(input).Select(p => p.StartsWith("- ", StringComparison.Ordinal) || p.StartsWith("• ", StringComparison.Ordinal) ? p[2..] : p);
            Assert.True(expected.SequenceEqual(blocks.Select(b => b.Text)), $"input {System.Text.Json.JsonSerializer.Serialize(input)}");
        }

        // The reading it replaced: lines, trimmed, joined with a space until a blank one, then one space between words.
        static IEnumerable<string> ByLines(string text)
        {
            var paragraphs = new List<string>();
            var current = new List<string>();
            foreach (var line in text.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).Append(""))
            {
                if (line.Length > 0)
                {
                    current.Add(line);
                    continue;
                }
                var words = new string(string.Join(' ', current).Select(c => char.IsWhiteSpace(c) || char.IsControl(c) ? ' ' : c).ToArray()).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length > 0)
                {
                    paragraphs.Add(string.Join(' ', words));
                }
                current.Clear();
            }
            return paragraphs;
        }
    }

    [Fact]
    public void Rtf_is_read_through_its_own_reader()
    {
        var text = Extractor.Extract(Encoding.ASCII.GetBytes(@"{\rtf1\ansi{\fonttbl{\f0 Arial;}}\f0 Premier paragraphe\par\par Le Gouvernement r\'e9pond.\par}"), DocumentFormat.Rtf);

        Assert.Equal(["Premier paragraphe", "Le Gouvernement répond."], Texts(text));
    }

    [Fact]
    public void Images_have_no_text_to_extract()
    {
        Assert.Equal(TextOutcome.NotText, Extractor.Extract(new byte[] { 0x89, 0x50 }, DocumentFormat.Png).Outcome);
    }

    [Theory]
    [InlineData(".pdf")]
    [InlineData(".docx")]
    [InlineData(".odt")]
    public void A_corrupt_file_is_unreadable_and_nothing_is_thrown(string extension)
    {
        var format = new[] { DocumentFormat.Pdf, DocumentFormat.Docx, DocumentFormat.Odt }.Single(f => f.Extension == extension);
        var valid = extension switch
        {
            ".pdf" => TextDocuments.Pdf(["Some text"]),
            ".docx" => TextDocuments.Docx(("", "Some text")),
            _ => TextDocuments.Odt("<text:p>Some text</text:p>"),
        };
        var corrupt = valid[..(valid.Length / 3)];

        Assert.Equal(TextOutcome.Unreadable, Extractor.Extract(corrupt, format).Outcome);
    }

    [Fact]
    public void A_file_over_the_size_bound_is_not_opened()
    {
        var extractor = new TextExtractor(new TextExtractionLimits { MaxFileBytes = 100 }, TimeProvider.System);

        Assert.Equal(TextOutcome.TooLarge, extractor.Extract(new byte[101], DocumentFormat.PlainText).Outcome);
    }

    [Fact]
    public void Text_over_the_character_bound_is_cut_and_said_to_be()
    {
        var extractor = new TextExtractor(new TextExtractionLimits { MaxCharacters = 30 }, TimeProvider.System);

        var text = extractor.Extract(Encoding.UTF8.GetBytes("Twenty characters ok\n\nand then many more words that do not fit"), DocumentFormat.PlainText);

        Assert.Equal(TextOutcome.Extracted, text.Outcome);
        Assert.True(text.Truncated);
        Assert.Equal(30, text.Characters);
    }

    [Fact]
    public void An_extraction_over_the_time_bound_is_dropped_whole()
    {
        var clock = new FakeTimeProvider();
        var extractor = new TextExtractor(new TextExtractionLimits { MaxTime = TimeSpan.FromSeconds(10) }, new SteppingClock(clock, TimeSpan.FromSeconds(4)));
        var pdf = TextDocuments.Pdf(["one"], ["two"], ["three"], ["four"]);

        Assert.Equal(TextOutcome.TimedOut, extractor.Extract(pdf, DocumentFormat.Pdf).Outcome);
    }

    [Fact]
    public async Task Pdf_and_office_files_are_read_no_more_at_once_than_the_bound_allows()
    {
        var clock = new CountingClock();
        var extractor = new TextExtractor(new TextExtractionLimits { MaxConcurrentReads = 2 }, clock);
        var files = Enumerable.Range(0, 8).Select(i => i % 2 == 0 ? (TextDocuments.Pdf([$"page {i}"]), DocumentFormat.Pdf) : (TextDocuments.Docx(("", $"paragraph {i}")), DocumentFormat.Docx)).ToList();
        // Threads enough for all eight at once, so that only the bound can keep them apart.
        ThreadPool.GetMinThreads(out var workers, out var ports);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), ports);
        try
        {
            var texts = await Task.WhenAll(files.Select(f => extractor.ExtractAsync(f.Item1, f.Item2, default)));

            Assert.All(texts, t => Assert.Equal(TextOutcome.Extracted, t.Outcome));
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, ports);
        }
        Assert.InRange(clock.MostAtOnce, 1, 2);
    }

    /// <summary>A clock whose every reading takes 50 ms, counting how many readers are inside at once: a read starts by reading it.</summary>
    private sealed class CountingClock : TimeProvider
    {
        private int _inside;
        private int _most;

        public int MostAtOnce => _most;

        public override long GetTimestamp()
        {
            var now = Interlocked.Increment(ref _inside);
            InterlockedMax(ref _most, now);
            Thread.Sleep(50);
            Interlocked.Decrement(ref _inside);
            return System.GetTimestamp();
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }

    /// <summary>A clock that moves on each time it is read, as a slow parser would see it.</summary>
    private sealed class SteppingClock(FakeTimeProvider inner, TimeSpan step) : TimeProvider
    {
        public override long TimestampFrequency => inner.TimestampFrequency;

        public override long GetTimestamp()
        {
            inner.Advance(step);
            return inner.GetTimestamp();
        }
    }

    /// <summary>
    /// A document of a few megabytes whose text part inflates to 600 MB (a decompression bomb, as an addressee could
    /// upload as a reply) is refused or cut without inflating it in memory: read whole, it took gigabytes and could
    /// bring the publication's process down, again at every retry, so the letter would never be published.
    /// </summary>
    [Theory]
    [InlineData(".docx", false)]
    [InlineData(".odt", false)]
    [InlineData(".docx", true)]
    [InlineData(".odt", true)]
    public void A_decompression_bomb_is_read_within_the_bounds_without_inflating_it(string extension, bool lyingSizes)
    {
        const long Inflated = 600L * 1024 * 1024;
        var bomb = extension == ".docx" ? TextDocuments.DocxBomb(Inflated, lyingSizes) : TextDocuments.OdtBomb(Inflated, lyingSizes);
        Assert.InRange(bomb.Length, 1, 25L * 1024 * 1024);
        var format = extension == ".docx" ? DocumentFormat.Docx : DocumentFormat.Odt;

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var text = Extractor.Extract(bomb, format);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.True(allocated < 256L * 1024 * 1024, $"{allocated / 1024 / 1024} MB allocated to read a {bomb.Length / 1024} KB {extension}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{clock.Elapsed} to read it");
        // Honest sizes: too large, like a file over the size bound. Sizes that lie: a damaged file (or its text cut).
        Assert.True(text.Outcome is TextOutcome.TooLarge && !lyingSizes || text.Outcome is TextOutcome.Unreadable && lyingSizes
            || text.Outcome is TextOutcome.Extracted && text.Truncated && text.Characters <= Extractor.Limits.MaxCharacters,
            $"{text.Outcome}, {text.Characters} characters, truncated: {text.Truncated}");
    }

    [Fact]
    public void A_pdf_whose_page_inflates_to_hundreds_of_megabytes_is_read_within_the_bounds()
    {
        var bomb = TextDocuments.PdfBomb(600L * 1024 * 1024);
        Assert.InRange(bomb.Length, 1, 25L * 1024 * 1024);
        Assert.Equal(TextOutcome.Extracted, Extractor.Extract(TextDocuments.PdfBomb(4096), DocumentFormat.Pdf).Outcome);

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var text = Extractor.Extract(bomb, DocumentFormat.Pdf);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.True(allocated < 256L * 1024 * 1024, $"{allocated / 1024 / 1024} MB allocated to read a {bomb.Length / 1024} KB PDF ({text.Outcome})");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{clock.Elapsed} to read it");
        Assert.Equal(TextOutcome.TooLarge, text.Outcome);
    }
}
