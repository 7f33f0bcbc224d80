using System.ServiceModel.Syndication;
using System.Xml;
using System.Xml.Linq;
using ResponsePortal.Publication;

namespace ResponsePortal.Core.Tests.Publication;

/// <summary>The Atom documents SitePages writes with its own XmlWriter code (ADR 0803), checked as XML and with an Atom reader.</summary>
public sealed class SitePagesTests
{
    private static readonly XNamespace Atom = SitePages.AtomNamespace;
    private static readonly SitePages Pages = new(SiteText.English, "https://example.org/");

    private static ListingEntry Entry(string slug, string subject, int day, LogCheckpoint? checkpoint = null) => new(
        slug, "AL USA 2/2021", "AL", "USA", "United States of America", subject, "A summary & more", ["Special Rapporteur on the sale of children", "Working Group on <discrimination>"],
        2021, new DateOnly(2021, 1, 25), new DateTimeOffset(2021, 3, day, 23, 0, 0, 250, TimeSpan.Zero), new DateTimeOffset(2021, 3, day + 1, 9, 30, 0, TimeSpan.Zero),
        false, "on-time", 12, 1) { Checkpoint = checkpoint };

    private static XElement Load(byte[] bytes) => XDocument.Load(new MemoryStream(bytes)).Root!;

    [Fact]
    public void A_feed_document_is_atom_with_its_language_author_links_and_entries_newest_first()
    {
        var bytes = Pages.Feed(SiteList.All, [Entry("al-usa-1-2021", "First", 1), Entry("al-usa-2-2021", "<b>Second</b> & \"last\"", 2)], 0, 1, isCurrent: true);

        var feed = Load(bytes);
        Assert.Equal(Atom + "feed", feed.Name);
        Assert.Equal("en", (string?)feed.Attribute(XNamespace.Xml + "lang"));
        Assert.Equal("https://example.org/feeds/all.xml", feed.Element(Atom + "id")!.Value);
        Assert.Equal(SiteText.English.SiteName, feed.Element(Atom + "author")!.Element(Atom + "name")!.Value);
        Assert.Equal("2021-03-03T09:30:00.000Z", feed.Element(Atom + "updated")!.Value);
        Assert.Equal(["self", "alternate", "current"], feed.Elements(Atom + "link").Select(l => (string)l.Attribute("rel")!));
        Assert.All(feed.Elements(Atom + "link"), l => Assert.NotNull(l.Attribute("type")));
        Assert.Null(feed.Element(XName.Get("archive", SitePages.ArchiveNamespace)));
        var entries = feed.Elements(Atom + "entry").ToList();
        Assert.Equal(["https://example.org/c/al-usa-2-2021/", "https://example.org/c/al-usa-1-2021/"], entries.Select(e => e.Element(Atom + "id")!.Value));
        var newest = entries[0];
        Assert.Equal("AL USA 2/2021: <b>Second</b> & \"last\"", newest.Element(Atom + "title")!.Value);
        // Text, not markup: no type attribute means text (RFC 4287, 3.1.1), and the reader reads it back as written.
        Assert.Null(newest.Element(Atom + "title")!.Attribute("type"));
        Assert.Equal("2021-03-02T23:00:00.250Z", newest.Element(Atom + "published")!.Value);
        Assert.Equal("United States of America. Replied on time. A summary & more", newest.Element(Atom + "summary")!.Value);
        Assert.Equal(["special-rapporteur-on-the-sale-of-children", "working-group-on-discrimination"], newest.Elements(Atom + "category").Select(c => (string)c.Attribute("term")!));
        Assert.Equal("Working Group on <discrimination>", (string)newest.Elements(Atom + "category").Last().Attribute("label")!);
    }

    [Fact]
    public void An_archive_document_is_marked_and_linked_both_ways_as_rfc_5005_says()
    {
        var feed = Load(Pages.Feed(SiteList.All, [Entry("al-usa-1-2021", "First", 1)], 1, 4, isCurrent: false));

        Assert.NotNull(feed.Element(XName.Get("archive", SitePages.ArchiveNamespace)));
        Assert.Equal("https://example.org/feeds/all/1.xml", feed.Element(Atom + "id")!.Value);
        var links = feed.Elements(Atom + "link").ToDictionary(l => (string)l.Attribute("rel")!, l => (string)l.Attribute("href")!);
        Assert.Equal("https://example.org/feeds/all/0.xml", links["prev-archive"]);
        Assert.Equal("https://example.org/feeds/all/2.xml", links["next-archive"]);
        Assert.Equal("https://example.org/feeds/all.xml", links["current"]);
    }

    [Fact]
    public void An_entry_carries_the_publication_logs_head_as_it_stood()
    {
        var at = new DateTimeOffset(2021, 3, 27, 0, 0, 1, TimeSpan.Zero).AddTicks(1234567);
        var feed = Load(Pages.Feed(SiteList.All, [Entry("al-usa-1-2021", "First", 1, new LogCheckpoint(41, new string('a', 64), at))], 0, 1, isCurrent: true));

        var head = Assert.Single(feed.Descendants(XName.Get("head", SitePages.LogNamespace)));
        Assert.Equal(("41", new string('a', 64), "2021-03-27T00:00:01.1234567Z"), ((string)head.Attribute("sequence")!, (string)head.Attribute("hash")!, (string)head.Attribute("at")!));
        Assert.Equal("log", feed.GetPrefixOfNamespace(SitePages.LogNamespace));
    }

    [Fact]
    public void A_feed_reads_back_with_an_atom_reader()
    {
        var bytes = Pages.Feed(SiteList.Addressee("USA", "United States of America"), [Entry("al-usa-1-2021", "First", 1)], 0, 1, isCurrent: true);

        var feed = SyndicationFeed.Load(XmlReader.Create(new MemoryStream(bytes)));
        Assert.Equal("en", feed.Language);
        Assert.Equal("https://example.org/feeds/addressees/usa.xml", feed.Id);
        Assert.Equal("AL USA 2/2021: First", Assert.Single(feed.Items).Title.Text);
    }

    [Fact]
    public void A_builder_is_encoded_with_the_surrogate_pairs_its_chunks_split_kept_whole()
    {
        // Chunks of one builder appended to another end where the receiving chunk is full: here inside pairs.
        var builder = new System.Text.StringBuilder(17);
        for (int i = 0; i < 50; i++)
        {
            builder.Append(new System.Text.StringBuilder(i % 2 == 0 ? "a\U0001F4DC\U0001F4DCé" : "\U0001F4DC"));
        }
        var splits = 0;
        foreach (var chunk in builder.GetChunks())
        {
            splits += char.IsHighSurrogate(chunk.Span[^1]) ? 1 : 0;
        }
        Assert.True(splits > 0, "some chunk ends inside a pair");

        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(builder.ToString()), SitePages.Utf8(builder));
    }

    [Fact]
    public void A_communication_page_is_written_as_the_utf8_of_its_text()
    {
        var prefix = "x";
        var geneva = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
        var record = PublishedRecordFactory.Create(new SyntheticArchive(42, geneva).One(3), geneva);
        var scrolls = string.Concat(Enumerable.Repeat("\U0001F4DC", 40_000));
        var text = new ResponsePortal.Documents.Text.DocumentText(ResponsePortal.Documents.Text.TextOutcome.Extracted,
            [new ResponsePortal.Documents.Text.TextBlock(ResponsePortal.Documents.Text.TextBlockKind.Paragraph, prefix + scrolls)]);
        record = record with { Letter = record.Letter with { Text = text } };

        var bytes = Pages.CommunicationPageUtf8(record, $"c/{record.Slug}/index.html");

        var page = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        Assert.Contains(prefix + scrolls, page);
        Assert.DoesNotContain('\uFFFD', page);
    }

    [Fact]
    public void Every_language_shows_a_texts_blocks_in_order_and_a_record_rendered_next_only_its_own()
    {
        var geneva = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
        var archive = new SyntheticArchive(42, geneva);
        static ResponsePortal.Documents.Text.DocumentText Text(string word) => new(ResponsePortal.Documents.Text.TextOutcome.Extracted,
            Enumerable.Range(0, 40).Select(i => new ResponsePortal.Documents.Text.TextBlock(
                i % 7 == 3 ? ResponsePortal.Documents.Text.TextBlockKind.ListItem : ResponsePortal.Documents.Text.TextBlockKind.Paragraph,
                $"{word} {i} <b>&</b> \U0001F4DC é " + new string('x', 300))).ToList());
        PublishedRecord With(int i, string word)
        {
            var record = PublishedRecordFactory.Create(archive.One(i), geneva);
            return record with { Letter = record.Letter with { Text = Text(word) } };
        }
        var first = With(3, "alpha");
        var second = With(4, "omega");
        var texts = new[] { SiteText.English, SiteText.French, SiteText.Spanish };
        var languages = texts.Select(t => new SitePages(t, "https://example.org/")).ToList();
        var strict = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true);

        // Rendered in turn on one thread as a build does, then the next record at the same anchors.
        var firstPages = languages.Select(p => strict.GetString(p.CommunicationPageUtf8(first, $"c/{first.Slug}/index.html"))).ToList();
        var secondPages = languages.Select(p => strict.GetString(p.CommunicationPageUtf8(second, $"c/{second.Slug}/index.html"))).ToList();

        foreach (var (pages, word, other) in new[] { (firstPages, "alpha", "omega"), (secondPages, "omega", "alpha") })
        {
            foreach (var (page, language) in pages.Zip(texts))
            {
                Assert.DoesNotContain(other, page);
                Assert.DoesNotContain('\uFFFD', page);
                var at = 0;
                for (int i = 0; i < 40; i++)
                {
                    var tag = i % 7 == 3 ? "li" : "p";
                    var block = $"<{tag} id=\"text-letter-{i}\">{word} {i} &lt;b&gt;&amp;&lt;/b&gt; \U0001F4DC é {new string('x', 300)}</{tag}>";
                    var found = page.IndexOf(block, at, StringComparison.Ordinal);
                    Assert.True(found >= at, $"block {i} of {word} in order");
                    at = found + block.Length;
                }
                // The words around the text are the page's own language.
                Assert.Contains($"<details><summary>{SitePages.E(language.TextShowRest)}</summary>", page);
                Assert.Contains($"<html lang=\"{language.Language}\"", page);
            }
        }
    }
}
