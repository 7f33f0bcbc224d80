using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using ResponsePortal.Core.Tests.Documents.Text;
using ResponsePortal.Documents;
using ResponsePortal.Documents.Text;
using ResponsePortal.Publication;
using ResponsePortal.Replies;

namespace ResponsePortal.Core.Tests.Publication;

/// <summary>The text of letters and replies, read at publication and shown under each file's link (issue 14).</summary>
public sealed partial class SiteBuilderTests
{
    private const string Word = "Quokkafjord";

    public static TheoryData<string> Formats => new() { "pdf", "docx", "odt", "rtf", "txt" };

    private static (byte[] Bytes, string FileName) Document(string format, string word) => format switch
    {
        "pdf" => (TextDocuments.Pdf(["Excellency,"], [$"The Government answers about {word} accounts."]), "reply.pdf"),
        "docx" => (TextDocuments.Docx(("Heading1", "Answer"), ("", $"The Government answers about {word} accounts.")), "reply.docx"),
        "odt" => (TextDocuments.Odt($"<text:h>Answer</text:h><text:p>The Government answers about {word} accounts.</text:p>"), "reply.odt"),
        "rtf" => (Encoding.ASCII.GetBytes($"{{\\rtf1\\ansi{{\\fonttbl{{\\f0 Arial;}}}}Answer\\par\\par The Government answers about {word} accounts.\\par}}"), "reply.rtf"),
        _ => (Encoding.UTF8.GetBytes($"Answer\n\nThe Government answers about {word} accounts.\n"), "reply.txt"),
    };

    private SiteBuilder TextBuilder(ISiteOutput output, DocumentFiles files, TextExtractor? extractor = null)
        => new(output, files, new SiteSettings { BaseUrl = "https://example.org/", ChunkSize = 10, ListChunkSize = 10, TextExtractor = extractor ?? new TextExtractor() }, Geneva);

    /// <summary>Synthetic communication <paramref name="index"/> with exactly the given replies (each one file).</summary>
    private PublicationInput WithReplies(DocumentFiles files, int index, params (byte[] Bytes, string FileName, ConfidentialityRequest? Confidentiality)[] replies)
    {
        var input = _archive.One(index);
        var slug = input.Communication.Reference.Slug;
        var closes = input.Communication.Window.ClosesAt;
        var list = replies.Select((r, i) =>
        {
            var blobName = $"test/{slug}/r{i + 1}/{r.FileName}";
            files.Add(blobName, r.Bytes);
            var type = DocumentSniffer.Identify(r.Bytes.AsSpan(0, Math.Min(r.Bytes.Length, DocumentFormat.HeadLength)), out _)?.ContentType ?? "application/octet-stream";
            var file = new ReplyFile(blobName, r.FileName, type, r.Bytes.Length, Convert.ToHexStringLower(SHA256.HashData(r.Bytes)));
            return new Reply($"{slug}-t{i + 1}", slug, input.Communication.AddresseeId, closes.AddDays(-10 + i), 0, null, "en", [file], r.Confidentiality, $"receipt-{i}", "test");
        }).ToList();
        return input with { Replies = list };
    }

    private async Task<string> PageAsync(ISiteOutput output, string slug, string prefix = "")
        => Encoding.UTF8.GetString((await output.ReadAsync($"{prefix}c/{slug}/index.html", default))!);

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_reply_in_each_supported_format_shows_its_words_under_its_link(string format)
    {
        var output = new LocalFolderSiteOutput(_root);
        var files = new DocumentFiles();
        var (bytes, fileName) = Document(format, Word);
        var input = WithReplies(files, 3, (bytes, fileName, null));
        var builder = TextBuilder(output, files);

        await PublishOneAsync(builder, input);

        var slug = input.Communication.Reference.Slug;
        foreach (var language in SiteText.All)
        {
            var page = await PageAsync(output, slug, language.Prefix);
            var link = page.IndexOf(fileName + "</a>", StringComparison.Ordinal);
            var region = page.IndexOf($"<div class=\"doctext\" id=\"{SitePages.ReplyTextAnchor(1, 0)}\">", StringComparison.Ordinal);
            var word = page.IndexOf(Word, StringComparison.Ordinal);
            Assert.True(link > 0 && region > link && word > region, $"{language.Language}: link {link}, text region {region}, word {word}");
            Assert.Contains(language.TextExtracted.Replace("'", "&#39;"), page);
            Assert.Contains($"<div class=\"doctext\" id=\"{SitePages.LetterTextAnchor}\">", page);
        }
        var record = (await builder.ReadRecordAsync(slug, default))!;
        Assert.Equal(TextOutcome.Extracted, record.Replies[0].Files[0].Text!.Outcome);
        Assert.Contains(record.Replies[0].Files[0].Text!.Blocks, b => b.Text.Contains(Word, StringComparison.Ordinal));
    }

    public static TheoryData<string, TextOutcome> Unreadable => new()
    {
        { "scan", TextOutcome.NoText },
        { "corrupt", TextOutcome.Unreadable },
        { "large", TextOutcome.TooLarge },
        { "slow", TextOutcome.TimedOut },
        { "image", TextOutcome.NotText },
        { "docx-bomb", TextOutcome.TooLarge },
        { "pdf-bomb", TextOutcome.TooLarge },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public async Task A_file_whose_text_cannot_be_shown_still_publishes_with_the_note_that_says_why(string kind, TextOutcome outcome)
    {
        var output = new LocalFolderSiteOutput(_root);
        var files = new DocumentFiles();
        var (bytes, fileName) = kind switch
        {
            "scan" => (TextDocuments.ScannedPdf(), "scan.pdf"),
            "corrupt" => (Document("pdf", Word).Bytes[..300], "broken.pdf"),
            "large" => (Document("txt", Word).Bytes, "large.txt"),
            "slow" => (TextDocuments.Pdf(["one"], ["two"], ["three"]), "slow.pdf"),
            // Small files that inflate far past the bounds (decompression bombs), read with the default bounds.
            "docx-bomb" => (TextDocuments.DocxBomb(64L * 1024 * 1024), "reply.docx"),
            "pdf-bomb" => (TextDocuments.PdfBomb(32L * 1024 * 1024), "reply.pdf"),
            _ => (Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="), "photo.png"),
        };
        var extractor = kind switch
        {
            // Bounds below the synthetic letter's too: the letter gets the same note, and the page must still publish.
            "large" => new TextExtractor(new TextExtractionLimits { MaxFileBytes = 40 }, TimeProvider.System),
            "slow" => new TextExtractor(new TextExtractionLimits { MaxTime = TimeSpan.FromSeconds(10) }, new SteppingClock(new FakeTimeProvider(), TimeSpan.FromSeconds(4))),
            _ => new TextExtractor(),
        };
        var input = WithReplies(files, 5, (bytes, fileName, null));

        await PublishOneAsync(TextBuilder(output, files, extractor), input);

        var slug = input.Communication.Reference.Slug;
        var record = JsonSerializer.Deserialize<PublishedRecord>((await output.ReadAsync(SiteBuilder.RecordPath(slug), default))!, SiteBuilder.Json)!;
        var file = record.Replies[0].Files[0];
        Assert.Equal(outcome, file.Text!.Outcome);
        Assert.Empty(file.Text.Blocks);
        Assert.Equal(bytes, await output.ReadAsync(file.Path, default));
        foreach (var language in SiteText.All)
        {
            var page = await PageAsync(output, slug, language.Prefix);
            Assert.Contains($"<p class=\"note\" id=\"{SitePages.ReplyTextAnchor(1, 0)}\">{SitePages.E(language.TextNote(outcome))}</p>", page);
        }
    }

    [Fact]
    public async Task A_long_text_keeps_its_structure_escaped_and_is_folded_after_its_opening()
    {
        var output = new LocalFolderSiteOutput(_root);
        var files = new DocumentFiles();
        var padding = new string('x', 590);
        var docx = TextDocuments.Docx(("Heading1", "Questions <script>alert(1)</script>"), ("", "First paragraph."), ("List", "Item one & more"), ("List", "Item two"),
            ("", "Second " + padding), ("", "Third " + padding), ("", "Fourth " + padding), ("", "Fifth " + padding), ("", "Sixth " + padding));
        var input = WithReplies(files, 7, (docx, "questions.docx", null));

        await PublishOneAsync(TextBuilder(output, files), input);

        // About a thousand characters before the fold (here up to the third paragraph), the rest in a details element.
        var page = await PageAsync(output, input.Communication.Reference.Slug);
        var anchor = SitePages.ReplyTextAnchor(1, 0);
        Assert.Contains($"<h4 id=\"{anchor}-0\">Questions &lt;script&gt;alert(1)&lt;/script&gt;</h4><p id=\"{anchor}-1\">First paragraph.</p>" +
            $"<ul><li id=\"{anchor}-2\">Item one &amp; more</li><li id=\"{anchor}-3\">Item two</li></ul><p id=\"{anchor}-4\">Second ", page);
        Assert.Contains($"<p id=\"{anchor}-5\">Third {padding}</p><details><summary>{SiteText.English.TextShowRest}</summary><p id=\"{anchor}-6\">Fourth ", page);
        Assert.Contains($"<p id=\"{anchor}-8\">Sixth {padding}</p></details>", page);
        Assert.DoesNotContain("<script>", page);
        Assert.DoesNotContain("style=", page);
        // Each language's page holds the same blocks, with that language's own words around them.
        foreach (var language in new[] { SiteText.French, SiteText.Spanish })
        {
            var translated = await PageAsync(output, input.Communication.Reference.Slug, language.Prefix);
            Assert.Contains($"<p id=\"{anchor}-5\">Third {padding}</p><details><summary>{language.TextShowRest}</summary><p id=\"{anchor}-6\">Fourth ", translated);
            Assert.Contains($"<h4 id=\"{anchor}-0\">Questions &lt;script&gt;alert(1)&lt;/script&gt;</h4>", translated);
        }
    }

    [Fact]
    public async Task A_short_text_is_shown_whole_without_a_fold()
    {
        var output = new LocalFolderSiteOutput(_root);
        var files = new DocumentFiles();
        var input = WithReplies(files, 8, (Document("docx", Word).Bytes, "reply.docx", null));

        await PublishOneAsync(TextBuilder(output, files), input);

        var page = await PageAsync(output, input.Communication.Reference.Slug);
        var region = page[page.IndexOf($"id=\"{SitePages.ReplyTextAnchor(1, 0)}\"", StringComparison.Ordinal)..];
        Assert.Contains(Word, region[..region.IndexOf("</li>", StringComparison.Ordinal)]);
        Assert.DoesNotContain("<details>", region[..region.IndexOf("</li>", StringComparison.Ordinal)]);
    }

    [Fact]
    public async Task Republishing_and_a_late_reply_read_the_text_of_new_files_only()
    {
        var output = new LocalFolderSiteOutput(_root);
        var files = new DocumentFiles();
        var first = Document("pdf", Word);
        var input = WithReplies(files, 9, (first.Bytes, first.FileName, null));
        var builder = TextBuilder(output, files);
        await PublishOneAsync(builder, input);
        // Each file read once: for its text, and the same bytes written to the site.
        Assert.Equal((2, 0, 2), (builder.Texts.Extracted, builder.Texts.Reused, files.Reads));

        await PublishOneAsync(builder, input);
        Assert.Equal((2, 2, 4), (builder.Texts.Extracted, builder.Texts.Reused, files.Reads));

        var late = Document("docx", "Wallabyquay");
        await PublishOneAsync(builder, WithReplies(files, 9, (first.Bytes, first.FileName, null), (late.Bytes, late.FileName, null)));

        Assert.Equal((3, 4, 7), (builder.Texts.Extracted, builder.Texts.Reused, files.Reads));
        var page = await PageAsync(output, input.Communication.Reference.Slug);
        Assert.Contains(Word, page);
        Assert.Contains("Wallabyquay", page);
        Assert.Contains($"id=\"{SitePages.ReplyTextAnchor(2, 0)}\"", page);
    }

    [Fact]
    public async Task Two_files_with_the_same_bytes_keep_their_own_anchors_when_their_text_is_reused()
    {
        var output = new LocalFolderSiteOutput(_root);
        var files = new DocumentFiles();
        var bytes = Document("txt", Word).Bytes;
        var input = WithReplies(files, 12, (bytes, "first.txt", null), (bytes, "second.txt", null));
        var builder = TextBuilder(output, files);
        await PublishOneAsync(builder, input);

        await PublishOneAsync(builder, input);

        Assert.Equal(3, builder.Texts.Reused); // the letter and both files
        var page = await PageAsync(output, input.Communication.Reference.Slug);
        foreach (var anchor in new[] { SitePages.ReplyTextAnchor(1, 0), SitePages.ReplyTextAnchor(2, 0) })
        {
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, $"id=\"{SitePages.BlockAnchor(anchor, 1)}\""));
        }
    }

    [Fact]
    public async Task A_reading_that_timed_out_is_tried_again_at_the_next_publication()
    {
        var output = new LocalFolderSiteOutput(_root);
        var files = new DocumentFiles();
        var input = WithReplies(files, 11, (TextDocuments.Pdf(["one"], ["two"], [$"three {Word}"]), "reply.pdf", null));
        var slow = new TextExtractor(new TextExtractionLimits { MaxTime = TimeSpan.FromSeconds(10) }, new SteppingClock(new FakeTimeProvider(), TimeSpan.FromSeconds(4)));
        await PublishOneAsync(TextBuilder(output, files, slow), input);
        Assert.DoesNotContain(Word, await PageAsync(output, input.Communication.Reference.Slug));

        await PublishOneAsync(TextBuilder(output, files), input);

        var record = (await TextBuilder(output, files).ReadRecordAsync(input.Communication.Reference.Slug, default))!;
        Assert.Equal(TextOutcome.Extracted, record.Replies[0].Files[0].Text!.Outcome);
        Assert.Contains(Word, await PageAsync(output, input.Communication.Reference.Slug));
    }

    [Fact]
    public async Task Text_is_cleaned_like_everything_people_wrote_so_republishing_changes_no_byte()
    {
        var output = new LocalFolderSiteOutput(_root);
        var files = new DocumentFiles();
        var input = WithReplies(files, 10, (Encoding.UTF8.GetBytes("reply\u202Etxt.exe is the name\n"), "reply.txt", null));
        var builder = TextBuilder(output, files);
        await PublishOneAsync(builder, input);

        var again = await builder.PrepareAsync(input, default);

        Assert.False(again.Changed);
        Assert.Equal($"reply{PublicText.Replacement}txt.exe is the name", again.Record.Replies[0].Files[0].Text!.Blocks[0].Text);
    }

    [Fact]
    public async Task A_word_only_in_a_withheld_or_pending_reply_is_in_no_file_of_the_site()
    {
        var files = new DocumentFiles();
        var at = new DateTimeOffset(2011, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var withheld = new ConfidentialityRequest("ongoing investigation", "reason", at, "user", new ConfidentialityDecision(true, "secretariat", at.AddDays(1), null));
        var pending = new ConfidentialityRequest("personal data", "reason", at, "user", null);
        var inputs = _archive.Generate(14).ToList();
        inputs[4] = WithReplies(files, 4, (Document("pdf", "Secretwithheldword").Bytes, "secret.pdf", withheld), (Document("docx", "Publicreplyword").Bytes, "public.docx", null));
        inputs[11] = WithReplies(files, 11, (Document("odt", "Secretpendingword").Bytes, "pending.odt", pending));

        // The same archive built whole, and published one by one after a first part.
        var whole = new LocalFolderSiteOutput(Path.Combine(_root, "whole"));
        await TextBuilder(whole, files).BuildAllAsync(inputs, null, null, default);
        var incremental = new LocalFolderSiteOutput(Path.Combine(_root, "incremental"));
        var builder = TextBuilder(incremental, files);
        await builder.BuildAllAsync(inputs.Take(3).ToList(), null, null, default);
        foreach (var input in inputs.Skip(3))
        {
            await PublishOneAsync(builder, input);
        }

        foreach (var site in new[] { whole, incremental })
        {
            var all = await ReadAllAsync(site);
            Assert.Contains(all.Keys, p => p.StartsWith("data/", StringComparison.Ordinal));
            Assert.Contains(all.Keys, p => p.StartsWith("opendata/", StringComparison.Ordinal));
            Assert.Contains(all.Keys, p => p.StartsWith("feeds/", StringComparison.Ordinal));
            foreach (var (path, bytes) in all)
            {
                var text = Encoding.UTF8.GetString(bytes);
                Assert.False(text.Contains("Secretwithheldword", StringComparison.Ordinal), $"{path} holds the withheld reply's text");
                Assert.False(text.Contains("Secretpendingword", StringComparison.Ordinal), $"{path} holds the pending reply's text");
            }
            Assert.Contains(all, f => f.Key.EndsWith("index.html", StringComparison.Ordinal) && Encoding.UTF8.GetString(f.Value).Contains("Publicreplyword", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Open_data_shards_hold_the_records_without_their_text_which_stays_in_record_json()
    {
        var output = new LocalFolderSiteOutput(_root);
        var files = new DocumentFiles();
        var builder = TextBuilder(output, files);
        await builder.BuildAllAsync(_archive.Generate(3), null, null, default);
        await PublishOneAsync(builder, WithReplies(files, 3, (Document("txt", Word).Bytes, "reply.txt", null)));

        var shard = Encoding.UTF8.GetString((await output.ReadAsync("opendata/communications-0.json", default))!);
        Assert.DoesNotContain("\"outcome\"", shard);
        Assert.DoesNotContain(Word, shard);
        var record = (await builder.ReadRecordAsync(_archive.One(3).Communication.Reference.Slug, default))!;
        Assert.All(record.AllFiles, f => Assert.Equal(TextOutcome.Extracted, f.Text!.Outcome));
    }

    [Fact]
    public async Task Without_a_text_extractor_records_keep_the_bytes_they_had_before_texts()
    {
        var output = new LocalFolderSiteOutput(_root);
        var builder = new SiteBuilder(output, _archive, new SiteSettings { BaseUrl = "https://example.org/", TextExtractor = null }, Geneva);

        await builder.BuildAllAsync(_archive.Generate(2), null, null, default);

        var record = Encoding.UTF8.GetString((await output.ReadAsync(SiteBuilder.RecordPath(_archive.One(0).Communication.Reference.Slug), default))!);
        Assert.DoesNotContain("\"outcome\"", record);
        Assert.Equal(0, builder.Texts.Extracted);
    }

    /// <summary>Test documents by blob name; anything else is the synthetic archive's.</summary>
    private sealed class DocumentFiles : IPublicationFileSource
    {
        private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
        private int _reads;

        public int Reads => _reads;

        public void Add(string blobName, byte[] bytes) => _files[blobName] = bytes;

        public Task<byte[]> ReadLetterAsync(StoredDocument document, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            return Task.FromResult(SyntheticArchive.Content(document.BlobName));
        }

        public Task<byte[]> ReadReplyFileAsync(ReplyFile file, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            return Task.FromResult(_files.TryGetValue(file.BlobName, out var bytes) ? bytes : SyntheticArchive.Content(file.BlobName));
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
}
