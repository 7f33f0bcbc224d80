using System.Buffers;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Xml;
using ResponsePortal.Documents.Text;
using ResponsePortal.Replies;

namespace ResponsePortal.Publication;

/// <summary>An addressee, mandate, year or type: its URL id, its name, its raw value in the search index, and how many communications it has.</summary>
public sealed record DirectoryItem(string Id, string Name, int Count, string Value);

/// <summary>The site's index of addressees, mandates, years and types, with counts (for browse pages and search filters).</summary>
public sealed class SiteDirectory
{
    public SortedDictionary<string, DirectoryItem> Addressees { get; init; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, DirectoryItem> Mandates { get; init; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, DirectoryItem> Years { get; init; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, DirectoryItem> Types { get; init; } = new(StringComparer.Ordinal);

    public void Count(SiteList list)
    {
        var map = list.Kind switch
        {
            ListKind.Addressee => Addressees,
            ListKind.Mandate => Mandates,
            ListKind.Year => Years,
            ListKind.Type => Types,
            _ => null,
        };
        if (map is not null)
        {
            map[list.Id] = new DirectoryItem(list.Id, list.Title, (map.TryGetValue(list.Id, out var item) ? item.Count : 0) + 1, list.Value ?? list.Title);
        }
    }
}

/// <summary>
/// Renders the public pages in one language. Pages take their language-neutral path (e.g. <c>c/{slug}/index.html</c>)
/// and are written under the language's folder; shared files (documents, data, feeds, stylesheet) stay at the site root.
/// Every text that comes from a person goes through <see cref="E"/>.
/// </summary>
public sealed partial class SitePages(SiteText text, string baseUrl, IReadOnlyList<SiteText>? languages = null)
{
    private readonly IReadOnlyList<SiteText> _languages = languages ?? [text];

    private static readonly string[] Layout = LoadLayout();

    /// <summary>
    /// The Content-Security-Policy a page carries in a meta element, since the storage static website sends no headers
    /// of its own (docs/security-headers.md): styles and images from the site only, no plugin, no base, forms to the
    /// site. frame-ancestors cannot be set in a meta element; the optional Front Door adds it as a header.
    /// </summary>
    public const string PagePolicy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'";

    /// <summary>The search and verify pages also run a script from the site, which reads the site's own files.</summary>
    public const string ScriptPagePolicy = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'";

    public SiteText Text => text;
    public string BaseUrl { get; } = baseUrl.TrimEnd('/') + "/";

    private static readonly SearchValues<char> Markup = SearchValues.Create("&<>\"'");

    /// <summary>
    /// HTML-encodes the five markup characters (as WebUtility does) and leaves other characters as UTF-8 text, so
    /// "Français" or "Côte d'Ivoire" stay readable (WebUtility would write "Fran&amp;#231;ais").
    /// </summary>
    public static string E(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.AsSpan().IndexOfAny(Markup) < 0)
        {
            return value ?? "";
        }
        return AppendEscaped(new StringBuilder(value.Length + 16), value).ToString();
    }

    /// <summary><see cref="E"/> into a builder, a run of plain text at a time, without a string of its own.</summary>
    public static StringBuilder AppendEscaped(StringBuilder h, string? value)
    {
        var rest = value.AsSpan();
        for (var at = rest.IndexOfAny(Markup); at >= 0; at = rest.IndexOfAny(Markup))
        {
            h.Append(rest[..at]).Append(rest[at] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                _ => "&#39;",
            });
            rest = rest[(at + 1)..];
        }
        return h.Append(rest);
    }

    public static string Asset(string name)
    {
        using var stream = typeof(SitePages).Assembly.GetManifestResourceStream("site/" + name)
            ?? throw new InvalidOperationException($"The site asset {name} is not embedded; it lives in web/site/.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string[] LoadLayout() => Asset("layout.html").Split(["{{", "}}"], StringSplitOptions.None);

    public static string Root(string path) => string.Concat(Enumerable.Repeat("../", path.Count(c => c == '/')));

    /// <summary>Relative prefixes from a page to its language's root (<c>Lang</c>) and to the site root (<c>Site</c>).</summary>
    public readonly record struct Roots(string Lang, string Site);

    /// <summary>Where a page of this language, at a language-neutral path, finds its language root and the site root.</summary>
    public Roots At(string path)
    {
        var site = Root(text.Prefix + path);
        return new Roots(site + text.Prefix, site);
    }

    public string Date(DateOnly date) => text.FormatDate(date.ToDateTime(TimeOnly.MinValue));

    public string Instant(DateTimeOffset at)
        => $"<time datetime=\"{at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)}\">{E(text.FormatInstant(at.UtcDateTime))}</time>";

    public string Day(DateTimeOffset at)
        => $"<time datetime=\"{at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\">{E(text.FormatDate(at.UtcDateTime))}</time>";

    public string Size(long bytes) => bytes < 1024 ? $"{bytes} {text.Bytes}"
        : bytes < 1024 * 1024 ? $"{text.FormatNumber(bytes / 1024.0)} {text.Kilobytes}" : $"{text.FormatNumber(bytes / (1024.0 * 1024))} {text.Megabytes}";

    /// <summary>A page's URL without a trailing index.html, relative to a language root.</summary>
    private static string Address(string path) => path.EndsWith("index.html", StringComparison.Ordinal) ? path[..^"index.html".Length] : path;

    /// <summary>
    /// A whole page at a language-neutral <paramref name="path"/>; with <paramref name="absolute"/> (the 404 page, served
    /// at any address) every link is absolute.
    /// </summary>
    public string Page(string title, string path, string main, string head = "", bool absolute = false, bool scripts = false)
        => Page(title, path, main.AsMemory(), null, head, absolute, scripts);

    /// <summary>
    /// The builders of a page and of a communication page's body, kept per thread (rendering never awaits): a
    /// communication page with its texts is some 40,000 characters in three languages, and building it in fresh
    /// builders allocated 650 KB per communication, most of a full build's garbage (issue 14).
    /// </summary>
    [ThreadStatic]
    private static StringBuilder? _pageBuffer;

    [ThreadStatic]
    private static StringBuilder? _bodyBuffer;

    /// <summary>Builders grown past this are dropped after use rather than kept for the thread's life.</summary>
    private const int KeptBufferCharacters = 1 << 20;

    private static StringBuilder Rent(ref StringBuilder? kept)
    {
        var builder = kept ?? new StringBuilder(64 * 1024);
        kept = null;
        return builder.Clear();
    }

    private static void Return(ref StringBuilder? kept, StringBuilder builder)
    {
        if (builder.Capacity <= KeptBufferCharacters)
        {
            kept = builder;
        }
    }

    private string Page(string title, string path, ReadOnlyMemory<char> mainText, StringBuilder? mainBuilder, string head = "", bool absolute = false, bool scripts = false)
    {
        var html = BuildPage(title, path, mainText, mainBuilder, head, absolute, scripts);
        var page = html.ToString();
        Return(ref _pageBuffer, html);
        return page;
    }

    /// <summary>The page in the thread's page builder; the caller returns it.</summary>
    private StringBuilder BuildPage(string title, string path, ReadOnlyMemory<char> mainText, StringBuilder? mainBuilder, string head = "", bool absolute = false, bool scripts = false)
    {
        var (root, siteRoot) = absolute ? new Roots(BaseUrl + text.Prefix, BaseUrl) : At(path);
        var address = Address(path);
        var languages = new StringBuilder();
        var alternates = new StringBuilder();
        foreach (var language in _languages)
        {
            // Plain links: the switcher works without JavaScript, and the static root never guesses a language.
            var current = language.Language == text.Language ? " aria-current=\"true\"" : "";
            languages.Append($"<li><a href=\"{siteRoot}{language.Prefix}{address}\" hreflang=\"{language.Language}\" lang=\"{language.Language}\"{current}>{E(language.LanguageName)}</a></li>");
            if (!absolute)
            {
                alternates.Append($"<link rel=\"alternate\" hreflang=\"{language.Language}\" href=\"{E(BaseUrl + language.Prefix + address)}\">\n");
            }
        }
        if (!absolute && _languages.Count > 0)
        {
            alternates.Append($"<link rel=\"alternate\" hreflang=\"x-default\" href=\"{E(BaseUrl + _languages[0].Prefix + address)}\">\n");
        }
        head = alternates + head;

        var html = Rent(ref _pageBuffer);
        for (int i = 0; i < Layout.Length; i++)
        {
            if (i % 2 == 0)
            {
                html.Append(Layout[i]);
                continue;
            }
            if (Layout[i] == "main")
            {
                _ = mainBuilder is null ? html.Append(mainText.Span) : html.Append(mainBuilder);
                continue;
            }
            html.Append(Layout[i] switch
            {
                "lang" => text.Language,
                "contentSecurityPolicy" => scripts ? ScriptPagePolicy : PagePolicy,
                "title" => E(title),
                "siteName" => E(text.SiteName),
                "root" => root,
                "siteRoot" => siteRoot,
                "head" => head,
                "languagesLabel" => E(text.LanguagesLabel),
                "languages" => languages.ToString(),
                "skip" => E(text.SkipLink),
                "navLabel" => E(text.NavLabel),
                "nav" => Nav(root),
                "footer" => Footer(root, siteRoot, absolute ? "" : text.Prefix + path),
                var token => throw new InvalidOperationException($"Unknown layout token {token}."),
            });
        }
        return html;
    }

    private string Nav(string root)
        => $"<ul><li><a href=\"{root}communications/\">{E(text.AllCommunications)}</a></li><li><a href=\"{root}addressees/\">{E(text.Addressees)}</a></li>" +
           $"<li><a href=\"{root}mandates/\">{E(text.Mandates)}</a></li><li><a href=\"{root}years/\">{E(text.Years)}</a></li>" +
           $"<li><a href=\"{root}reports/\">{E(text.Reports)}</a></li>" +
           $"<li><a href=\"{root}search.html\">{E(text.Search)}</a></li><li><a href=\"{root}log/\">{E(text.PublicationLog)}</a></li></ul>";

    private string Footer(string root, string siteRoot, string page)
        => $"<p>{E(text.FooterAbout)}</p><ul><li><a href=\"{root}opendata/\">{E(text.OpenData)}</a></li><li><a href=\"{siteRoot}feeds/all.xml\">{E(text.Feeds)}</a></li>" +
           $"<li><a href=\"{root}log/\">{E(text.PublicationLog)}</a></li><li><a href=\"{root}verify.html{(page.Length == 0 ? "" : "?page=" + Uri.EscapeDataString(page))}\">{E(text.VerifyTitle)}</a></li>" +
           $"<li><a href=\"{siteRoot}sitemap.xml\">{E(text.Sitemap)}</a></li></ul>";

    public string CommunicationPage(PublishedRecord record, string path) => Encoding.UTF8.GetString(CommunicationPageUtf8(record, path));

    /// <summary>The communication page as the bytes written: encoded from the builder, never held as a string (its 80 KB in three languages were a third of a full build's garbage).</summary>
    public byte[] CommunicationPageUtf8(PublishedRecord record, string path)
    {
        var (root, siteRoot) = At(path);
        var h = Rent(ref _bodyBuffer);
        h.Append($"<article><header><p class=\"meta\">{E(text.TypeName(record.Type))}</p><h1>{E(record.Reference)}: {E(record.Subject)}</h1></header>");
        if (record.CorrectedAt is { } correctedAt)
        {
            h.Append($"<p class=\"notice\" role=\"note\">{E(text.CorrectedNotice)} {Instant(correctedAt)}.</p>");
        }
        h.Append("<dl class=\"facts\">");
        h.Append($"<dt>{E(text.Reference)}</dt><dd>{E(record.Reference)}</dd>");
        h.Append($"<dt>{E(text.Addressee)}</dt><dd><a href=\"{root}addressees/{SiteSlugs.Of(record.AddresseeId)}/\">{E(record.AddresseeName)}</a></dd>");
        h.Append($"<dt>{E(text.Mandates)}</dt><dd><ul class=\"plain\">");
        foreach (var mandate in record.Mandates)
        {
            h.Append($"<li><a href=\"{root}mandates/{SiteSlugs.Of(mandate)}/\">{E(mandate)}</a></li>");
        }
        h.Append("</ul></dd>");
        h.Append($"<dt>{E(text.Sent)}</dt><dd><a href=\"{root}years/{record.Year}/\">{Date(record.SentOn)}</a></dd>");
        h.Append($"<dt>{E(text.WindowCloses)}</dt><dd>{Instant(record.ClosesAt)} ({E(text.WindowDays(record.ReplyWindowDays))})</dd>");
        h.Append($"<dt>{E(text.Published)}</dt><dd>{Instant(record.PublishedAt)}</dd>");
        h.Append("</dl>");
        h.Append($"<h2>{E(text.Summary)}</h2><p>{E(record.Summary)}</p>");
        h.Append($"<h2>{E(text.Letter)}</h2>");
        if (record.LetterIsPublicVersion)
        {
            h.Append($"<p class=\"note\">{E(text.PublicVersionNote)}</p>");
        }
        h.Append("<ul class=\"items\">");
        AppendFile(h, record.Letter, siteRoot, LetterTextAnchor, null);
        h.Append("</ul>");
        h.Append($"<h2>{E(text.Replies)}</h2>");
        if (record.Replies.Count == 0)
        {
            h.Append($"<p>{E(text.NoReplies)}</p>");
        }
        else
        {
            h.Append("<ol class=\"items\">");
            foreach (var (reply, number) in record.Replies.Select((r, i) => (r, i + 1)))
            {
                h.Append($"<li id=\"reply-{E(reply.Id)}\"><p><strong>{E(text.Received)} {Instant(reply.ReceivedAt)}</strong> ");
                h.Append(reply.DaysLate > 0 ? $"<span class=\"tag late\">{E(text.DaysLate(reply.DaysLate))}</span>" : $"<span class=\"tag ontime\">{E(text.OnTime)}</span>");
                h.Append("</p>");
                switch (reply.Status)
                {
                    case ReplyEntryStatus.Withheld:
                        h.Append($"<p class=\"notice\">{E(text.WithheldReply)} <strong>{E(reply.ReasonCategory is null ? null : ConfidentialityCategories.InWords(reply.ReasonCategory, text.Language))}</strong>.</p>");
                        break;
                    case ReplyEntryStatus.Pending:
                        h.Append($"<p class=\"notice\">{E(text.PendingReply)}</p>");
                        break;
                    default:
                        if (!string.IsNullOrWhiteSpace(reply.Note))
                        {
                            h.Append($"<p><span class=\"meta\">{E(text.Note)}{E(text.Colon.TrimEnd())}</span> {E(reply.Note)}</p>");
                        }
                        h.Append("<ul class=\"plain\">");
                        foreach (var (file, index) in reply.Files.Select((f, i) => (f, i)))
                        {
                            AppendFile(h, file, siteRoot, ReplyTextAnchor(number, index), reply.Language);
                        }
                        h.Append("</ul>");
                        break;
                }
                h.Append("</li>");
            }
            h.Append("</ol>");
        }
        h.Append($"<h2>{E(text.Timeline)}</h2><ol class=\"plain\">");
        foreach (var step in record.Timeline)
        {
            h.Append($"<li>{(step.Kind == "sent" ? Day(step.At) : Instant(step.At))}{E(text.Colon)}{E(text.TimelineText(step, record))}</li>");
        }
        foreach (var correction in record.Corrections)
        {
            h.Append($"<li>{E(text.Corrected)} {Instant(correction.At)}{E(text.Colon)}{E(correction.Note)}</li>");
        }
        h.Append($"</ol><p class=\"meta\"><a href=\"{siteRoot}c/{record.Slug}/record.json\">record.json</a></p></article>");
        var html = BuildPage($"{record.Reference}: {record.Subject}", path, default, h);
        Return(ref _bodyBuffer, h);
        var bytes = Utf8(html);
        Return(ref _pageBuffer, html);
        return bytes;
    }

    /// <summary>
    /// A builder's text in UTF-8, chunk by chunk into a pooled buffer, then copied out at its size. One encoder across
    /// the chunks: a surrogate pair split between two stays one character.
    /// </summary>
    public static byte[] Utf8(StringBuilder builder)
    {
        var encoder = Encoding.UTF8.GetEncoder();
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(builder.Length));
        try
        {
            var written = 0;
            foreach (var chunk in builder.GetChunks())
            {
                written += encoder.GetBytes(chunk.Span, buffer.AsSpan(written), flush: false);
            }
            written += encoder.GetBytes([], buffer.AsSpan(written), flush: true);
            // Not zeroed first: every byte is copied over at once (zeroing the pages' arrays was 8% of rendering them).
            var bytes = GC.AllocateUninitializedArray<byte>(written);
            buffer.AsSpan(0, written).CopyTo(bytes);
            return bytes;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void AppendFile(StringBuilder h, PublishedFile file, string siteRoot, string anchor, string? language)
    {
        h.Append($"<li><a href=\"{siteRoot}{E(file.Path)}\" download>{E(text.Download)} {E(file.FileName)}</a> <span class=\"meta\">({E(file.ContentType.Split(';')[0])}, {Size(file.Size)})</span><br><span class=\"hash\">{E(text.Sha256)} {E(file.Sha256)}</span>");
        AppendText(h, file, anchor, language);
        h.Append("</li>");
    }

    // ---------- a file's text (docs/publication.md, "Text of letters and replies") ----------

    /// <summary>
    /// Text shown before the fold, in characters: the opening of a letter (its heading lines are short, so a count of
    /// blocks would show little more than the reference and the date); the rest is one click away in a details element.
    /// </summary>
    public const int VisibleCharacters = 1000;

    /// <summary>The id of the letter's text on its communication page.</summary>
    public const string LetterTextAnchor = "text-letter";

    /// <summary>The id of a reply file's text: <paramref name="replyNumber"/> counts the record's replies from 1 (as the page lists them), <paramref name="fileIndex"/> the reply's files from 0.</summary>
    public static string ReplyTextAnchor(int replyNumber, int fileIndex) => $"text-reply-{replyNumber}-file-{fileIndex}";

    /// <summary>The id of one block (heading, paragraph, list item) of a text: its index in <see cref="DocumentText.Blocks"/>.</summary>
    public static string BlockAnchor(string textAnchor, int block) => $"{textAnchor}-{block}";

    private void AppendText(StringBuilder h, PublishedFile file, string anchor, string? language)
    {
        if (file.Text is not { } document)
        {
            return; // published before texts were extracted
        }
        if (document.Outcome != TextOutcome.Extracted || document.Blocks.Count == 0)
        {
            h.Append($"<p class=\"note\" id=\"{anchor}\">{E(text.TextNote(document.Outcome))}</p>");
            return;
        }
        // The document's language where the reply states one (a screen reader then reads it with the right voice).
        var lang = language is not null && LanguageTag().IsMatch(language) ? $" lang=\"{language}\"" : "";
        h.Append($"<div class=\"doctext\" id=\"{anchor}\"><h3>{E(string.Format(text.Culture, text.TextOf, file.FileName))}</h3>");
        h.Append($"<p class=\"note\">{E(text.TextExtracted)}</p><div{lang}>");
        var fold = FoldAt(document.Blocks);
        AppendBlocks(h, document.Blocks, 0, fold, anchor);
        if (fold < document.Blocks.Count)
        {
            h.Append($"<details><summary>{E(text.TextShowRest)}</summary>");
            AppendBlocks(h, document.Blocks, fold, document.Blocks.Count, anchor);
            h.Append("</details>");
        }
        h.Append("</div>");
        if (document.Truncated)
        {
            h.Append($"<p class=\"note\">{E(text.TextTruncated)}</p>");
        }
        h.Append("</div>");
    }

    /// <summary>
    /// Where a long text folds: after the blocks that make up the first <see cref="VisibleCharacters"/>, unless that
    /// would hide a single block. The blocks are written straight into each language's page builder (a cached HTML
    /// copy of every text was a quarter of a full build's garbage, issue 14).
    /// </summary>
    private static int FoldAt(IReadOnlyList<TextBlock> blocks)
    {
        var fold = 0;
        for (var shown = 0; fold < blocks.Count && shown < VisibleCharacters; fold++)
        {
            shown += blocks[fold].Text.Length;
        }
        return blocks.Count - fold < 2 ? blocks.Count : fold; // folding one block would hide less than the summary takes
    }

    /// <summary>Headings become h4 (under the h3 that names the file), consecutive list items one list, the rest paragraphs.</summary>
    private static void AppendBlocks(StringBuilder h, IReadOnlyList<TextBlock> blocks, int from, int to, string anchor)
    {
        var inList = false;
        for (int i = from; i < to; i++)
        {
            var block = blocks[i];
            if ((block.Kind == TextBlockKind.ListItem) != inList)
            {
                h.Append(inList ? "</ul>" : "<ul>");
                inList = !inList;
            }
            var tag = block.Kind switch { TextBlockKind.Heading => "h4", TextBlockKind.ListItem => "li", _ => "p" };
            h.Append('<').Append(tag).Append(" id=\"").Append(BlockAnchor(anchor, i)).Append("\">");
            AppendEscaped(h, block.Text).Append("</").Append(tag).Append('>');
        }
        if (inList)
        {
            h.Append("</ul>");
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial System.Text.RegularExpressions.Regex LanguageTag();

    public void AppendEntries(StringBuilder h, IEnumerable<ListingEntry> entries, string root)
    {
        h.Append("<ol class=\"items\">");
        foreach (var e in entries)
        {
            h.Append($"<li><a href=\"{root}c/{e.Slug}/\"><strong>{E(e.Reference)}</strong>: {E(e.Subject)}</a><br><span class=\"meta\">{E(e.AddresseeName)} · {E(text.Sent)} {Date(e.SentOn)} · ");
            h.Append(e.ReplyStatus switch
            {
                "late" => $"<span class=\"late\">{E(text.RepliedLate)}</span>",
                "on-time" => $"<span class=\"ontime\">{E(text.RepliedOnTime)}</span>",
                _ => E(text.NoReply),
            });
            if (e.Corrected)
            {
                h.Append($" · {E(text.Corrected)}");
            }
            h.Append("</span></li>");
        }
        h.Append("</ol>");
    }

    /// <summary>One page of a listing: the chunk's entries, newest first, with stable links to its neighbours.</summary>
    public string ListPage(SiteList list, ListMeta meta, IReadOnlyList<ListingEntry> entries, int chunk, int chunks, bool isIndex)
    {
        var path = isIndex ? $"{list.HtmlDirectory}/index.html" : $"{list.HtmlDirectory}/page-{chunk + 1}.html";
        var (root, siteRoot) = At(path);
        var h = new StringBuilder(entries.Count * 400 + 1024);
        var heading = Heading(list);
        // Archive pages are written once, so they show only what does not change: their own page number.
        h.Append($"<h1>{E(heading)}</h1><p class=\"meta\">{(isIndex ? E(text.CommunicationsCount(meta.Count)) : $"{E(text.Page)} {chunk + 1}")}</p>");
        if (isIndex && list.Kind != ListKind.Type)
        {
            var median = meta.MedianReplyDays();
            h.Append($"<h2>{E(text.ReplyRecord)}</h2><dl class=\"facts\"><dt>{E(text.RepliedOnTime)}</dt><dd>{meta.OnTime}</dd><dt>{E(text.RepliedLate)}</dt><dd>{meta.Late}</dd>" +
                     $"<dt>{E(text.NoReply)}</dt><dd>{meta.None}</dd><dt>{E(text.MedianDays)}</dt><dd>{(median is { } m ? text.FormatNumber(m) : "–")}</dd></dl>");
        }
        h.Append($"<h2>{E(isIndex ? text.Latest : text.Communications)}</h2>");
        AppendEntries(h, entries.Reverse(), root);
        h.Append($"<nav class=\"pager\" aria-label=\"{E(text.Page)}\"><ul class=\"pager plain\">");
        if (isIndex)
        {
            // The newest and the oldest page; each page links to its neighbours (a list of every page would grow with the archive).
            h.Append($"<li><a href=\"page-{chunks}.html\">{E(text.Page)} {chunks}</a></li>");
            if (chunks > 1)
            {
                h.Append($"<li><a href=\"page-1.html\">{E(text.Page)} 1</a></li>");
            }
        }
        else
        {
            if (chunk + 1 < chunks)
            {
                h.Append($"<li><a href=\"page-{chunk + 2}.html\" rel=\"next\">{E(text.Newer)}</a></li>");
            }
            if (chunk > 0)
            {
                h.Append($"<li><a href=\"page-{chunk}.html\" rel=\"prev\">{E(text.Older)}</a></li>");
            }
        }
        h.Append("</ul></nav>");
        var head = "";
        if (list.FeedBase is { } feed)
        {
            h.Append($"<p><a href=\"{siteRoot}{feed}.xml\">{E(text.Feeds)}</a></p>");
            head = $"<link rel=\"alternate\" type=\"application/atom+xml\" title=\"{E(heading)}\" href=\"{siteRoot}{feed}.xml\">\n";
        }
        return Page(heading, path, h.ToString(), head);
    }

    /// <summary>A listing's heading: the addressee, mandate or year as written; the type and "all" in this language.</summary>
    private string Heading(SiteList list) => list.Kind switch
    {
        ListKind.All => text.AllCommunications,
        ListKind.Type => text.TypeName(list.Id),
        _ => list.Title,
    };

    private string ItemName(ListKind kind, DirectoryItem item) => kind == ListKind.Type ? text.TypeName(item.Id) : item.Name;

    public string HomePage(IReadOnlyList<ListingEntry> latest)
    {
        var h = new StringBuilder();
        h.Append($"<h1>{E(text.HomeTitle)}</h1><p>{E(text.HomeIntro)}</p><h2>{E(text.Latest)}</h2>");
        if (latest.Count == 0)
        {
            h.Append($"<p>{E(text.Nothing)}</p>");
        }
        else
        {
            AppendEntries(h, latest, "");
        }
        h.Append($"<p><a href=\"communications/\">{E(text.AllCommunications)}</a> · <a href=\"search.html\">{E(text.Search)}</a></p>");
        return Page(text.Home, "index.html", h.ToString(), $"<link rel=\"alternate\" type=\"application/atom+xml\" title=\"{E(text.AllCommunications)}\" href=\"{At("index.html").Site}feeds/all.xml\">\n");
    }

    public string DirectoryPage(ListKind kind, IEnumerable<DirectoryItem> items)
    {
        var (title, directory) = kind switch
        {
            ListKind.Addressee => (text.Addressees, "addressees"),
            ListKind.Mandate => (text.Mandates, "mandates"),
            ListKind.Year => (text.Years, "years"),
            _ => (text.Types, "types"),
        };
        var h = new StringBuilder();
        h.Append($"<h1>{E(title)}</h1><ul class=\"items\">");
        foreach (var item in items)
        {
            h.Append($"<li><a href=\"{item.Id}/\">{E(ItemName(kind, item))}</a> <span class=\"meta\">({E(text.CommunicationsCount(item.Count))})</span></li>");
        }
        h.Append("</ul>");
        return Page(title, $"{directory}/index.html", h.ToString());
    }

    public string SearchPage(SiteDirectory directory)
    {
        var h = new StringBuilder();
        h.Append($"<h1>{E(text.Search)}</h1><p>{E(text.SearchIntro)}</p>");
        var siteRoot = At("search.html").Site;
        var strings = System.Text.Json.JsonSerializer.Serialize(new
        {
            searching = text.Searching, one = text.ResultOne, many = text.ResultMany, soFar = text.ResultsSoFar, failed = text.SearchFailed, sent = text.Sent,
            inLetter = text.FoundInLetter, inReply = text.FoundInReply,
            status = new Dictionary<string, string> { ["on-time"] = text.RepliedOnTime, ["late"] = text.RepliedLate, ["none"] = text.NoReply },
        });
        // data-root: the shared search index at the site root; links to pages stay in this language (relative to this page).
        h.Append($"<form id=\"search-form\" class=\"filters\" role=\"search\" method=\"get\" action=\"search.html\" data-root=\"{siteRoot}\" data-text=\"{E(strings)}\">");
        h.Append($"<div><label for=\"q\">{E(text.SearchText)}</label><input id=\"q\" name=\"q\" type=\"search\"></div>");
        Select(h, "addressee", text.Addressee, directory.Addressees.Values.OrderBy(i => i.Name, StringComparer.Ordinal).Select(i => (i.Value, i.Name)));
        Select(h, "mandate", text.Mandates, directory.Mandates.Values.OrderBy(i => i.Name, StringComparer.Ordinal).Select(i => (i.Name, i.Name)));
        Select(h, "year", text.Years, directory.Years.Values.OrderByDescending(i => i.Id, StringComparer.Ordinal).Select(i => (i.Id, i.Name)));
        Select(h, "type", text.Type, directory.Types.Values.Select(i => (i.Id.ToUpperInvariant(), ItemName(ListKind.Type, i))));
        Select(h, "reply", text.ReplyReceived, [("received", text.ReplyReceivedYes), ("none", text.ReplyReceivedNo)]);
        h.Append($"<div><button type=\"submit\">{E(text.Search)}</button></div></form>");
        h.Append($"<h2>{E(text.Results)}</h2><p id=\"search-status\" role=\"status\" aria-live=\"polite\"></p><ol id=\"results\" class=\"items\"></ol><p><button type=\"button\" id=\"search-more\" hidden>{E(text.SearchMore)}</button></p>");
        h.Append($"<h2>{E(text.Browse)}</h2>");
        BrowseList(h, ListKind.Addressee, text.Addressees, "addressees", directory.Addressees.Values.OrderBy(i => i.Name, StringComparer.Ordinal));
        BrowseList(h, ListKind.Mandate, text.Mandates, "mandates", directory.Mandates.Values.OrderBy(i => i.Name, StringComparer.Ordinal));
        BrowseList(h, ListKind.Year, text.Years, "years", directory.Years.Values.OrderByDescending(i => i.Id, StringComparer.Ordinal));
        BrowseList(h, ListKind.Type, text.Types, "types", directory.Types.Values);
        h.Append($"<script src=\"{siteRoot}search.js\" defer></script>");
        return Page(text.Search, "search.html", h.ToString(), scripts: true);
    }

    private void Select(StringBuilder h, string name, string label, IEnumerable<(string Value, string Label)> options)
    {
        h.Append($"<div><label for=\"{name}\">{E(label)}</label><select id=\"{name}\" name=\"{name}\"><option value=\"\">{E(text.AnyOption)}</option>");
        foreach (var (value, optionLabel) in options)
        {
            h.Append($"<option value=\"{E(value)}\">{E(optionLabel)}</option>");
        }
        h.Append("</select></div>");
    }

    private void BrowseList(StringBuilder h, ListKind kind, string title, string directory, IEnumerable<DirectoryItem> items)
    {
        h.Append($"<h3>{E(title)}</h3><ul class=\"browse\">");
        foreach (var item in items)
        {
            h.Append($"<li><a href=\"{directory}/{item.Id}/\">{E(ItemName(kind, item))}</a> ({item.Count})</li>");
        }
        h.Append("</ul>");
    }

    /// <summary>The 404 page: absolute links, since the static website serves it at any missing address.</summary>
    public string NotFoundPage()
    {
        var root = BaseUrl + text.Prefix;
        return Page(text.NotFoundTitle, "", $"<h1>{E(text.NotFoundTitle)}</h1><p>{E(text.NotFoundText)}</p><p><a href=\"{root}\">{E(text.Home)}</a> · <a href=\"{root}search.html\">{E(text.Search)}</a></p>", absolute: true);
    }

    /// <summary>"Verify this site": the chain, the signed head and one page, checked in the browser with WebCrypto (verify.js).</summary>
    public string VerifyPage()
    {
        const string path = "verify.html";
        var siteRoot = At(path).Site;
        var strings = System.Text.Json.JsonSerializer.Serialize(new
        {
            head = text.VerifyHead, chain = text.VerifyChain, intact = text.VerifyIntact, mismatch = text.VerifyMismatch,
        });
        var h = new StringBuilder();
        h.Append($"<h1>{E(text.VerifyTitle)}</h1><p>{E(text.VerifyIntro)}</p><noscript><p>{E(text.VerifyNoScript)}</p></noscript>");
        h.Append($"<form id=\"verify-form\" method=\"get\" action=\"verify.html\" data-root=\"{siteRoot}\" data-text=\"{E(strings)}\">");
        h.Append($"<div><label for=\"page\">{E(text.VerifyPage)}</label><input id=\"page\" name=\"page\" type=\"text\" value=\"{E(text.Prefix)}index.html\"></div>");
        h.Append($"<div><button type=\"submit\">{E(text.VerifyButton)}</button></div></form>");
        h.Append("<ol id=\"verify-steps\" class=\"plain\"></ol><p id=\"verify-result\" role=\"status\" aria-live=\"polite\"></p>");
        h.Append($"<script src=\"{siteRoot}verify.js\" defer></script>");
        return Page(text.VerifyTitle, path, h.ToString(), scripts: true);
    }

    public string OpenDataPage(int chunks)
    {
        const string path = "opendata/index.html";
        var data = At(path).Site + "opendata/";
        var h = new StringBuilder();
        h.Append($"<h1>{E(text.OpenData)}</h1><p>{E(text.OpenDataIntro)}</p><p><a href=\"{data}index.json\">index.json</a></p><ul class=\"items\">");
        for (int i = 0; i < chunks; i++)
        {
            h.Append($"<li>{E(text.Shard)} {i}{E(text.Colon)}<a href=\"{data}communications-{i}.json\">JSON</a> · <a href=\"{data}communications-{i}.csv\">{E(text.CommunicationsCsv)}</a> · <a href=\"{data}replies-{i}.csv\">{E(text.RepliesCsv)}</a></li>");
        }
        h.Append("</ul>");
        return Page(text.OpenData, path, h.ToString());
    }

    public string LogPage(PublicationLogHead head, IReadOnlyList<PublicationLogEntry> entries, int chunk, int chunks, bool isIndex)
    {
        var path = isIndex ? "log/index.html" : $"log/page-{chunk + 1}.html";
        var (root, siteRoot) = At(path);
        var h = new StringBuilder(entries.Count * 600 + 1024);
        h.Append($"<h1>{E(text.PublicationLog)}</h1><p>{E(text.LogIntro)}</p>");
        if (isIndex)
        {
            // Only the index names the head: a complete page never changes again, so an entry can commit to it.
            h.Append($"<dl class=\"facts\"><dt>{E(text.HeadHash)}</dt><dd class=\"hash\">{E(head.Hash)}</dd><dt>{E(text.Entries)}</dt><dd>{head.Sequence}</dd></dl>");
        }
        h.Append($"<p><a href=\"{siteRoot}log.json\">log.json</a> · <a href=\"{siteRoot}log/{chunk}.json\">{chunk}.json</a> · <a href=\"{siteRoot}{PublicationHeadFile.Path}\">head.json</a></p>");
        h.Append($"<table><caption>{E(text.Entries)}{(isIndex ? "" : $" · {E(text.Page)} {chunk + 1}")}</caption><thead><tr><th scope=\"col\">{E(text.Sequence)}</th><th scope=\"col\">{E(text.Instant)}</th><th scope=\"col\">{E(text.Reference)}</th><th scope=\"col\">{E(text.Kind)}</th><th scope=\"col\">{E(text.Files)}</th></tr></thead><tbody>");
        foreach (var entry in entries.Reverse())
        {
            var subject = entry.Slug.Length == 0 ? "" : $"<a href=\"{root}c/{E(entry.Slug)}/\">{E(entry.Slug)}</a>";
            h.Append($"<tr><td>{entry.Sequence}</td><td>{Instant(entry.At)}</td><td>{subject}</td><td>{E(text.KindName(entry.Kind))}</td><td><ul class=\"plain\">");
            foreach (var file in entry.Files)
            {
                h.Append($"<li>{E(file.Path)}<br><span class=\"hash\">{E(file.Sha256)}</span></li>");
            }
            if (entry.Manifest is { } manifest)
            {
                h.Append($"<li><a href=\"{siteRoot}{PublicationManifest.PathOf(entry.Sequence)}\">manifest</a><br><span class=\"hash\">{E(manifest)}</span></li>");
            }
            h.Append($"</ul><span class=\"hash\">{E(text.EntryHash)} {E(entry.Hash)}</span></td></tr>");
        }
        h.Append("</tbody></table><nav class=\"pager\" aria-label=\"{E(text.LogPagesLabel)}\">");
        if (chunk + 1 < chunks && !isIndex)
        {
            h.Append($"<a href=\"page-{chunk + 2}.html\" rel=\"next\">{E(text.Newer)}</a>");
        }
        if (chunk > 0)
        {
            h.Append($"<a href=\"page-{chunk}.html\" rel=\"prev\">{E(text.Older)}</a>");
        }
        h.Append("</nav>");
        return Page(text.PublicationLog, path, h.ToString());
    }

    public const string AtomNamespace = "http://www.w3.org/2005/Atom";
    public const string ArchiveNamespace = "http://purl.org/syndication/history/1.0";
    /// <summary>The publication log's head in a feed entry: <c>&lt;log:head sequence hash at/&gt;</c>.</summary>
    public const string LogNamespace = "urn:responseportal:publication-log:1";

    /// <summary>
    /// An Atom feed document (RFC 4287) paginated as an RFC 5005 archived feed: the subscription document
    /// (<c>{base}.xml</c>) holds the newest chunk; complete chunks are archive documents (<c>{base}/{n}.xml</c>)
    /// that never move, linked with prev-archive/next-archive. Written with XmlWriter, not System.ServiceModel.Syndication,
    /// which was 1.2 to 1.6 times slower per document (ADR 0803).
    /// </summary>
    /// <param name="announcements">Entries that are no communication (reports), in the subscription document of the main feed only: archive documents never change.</param>
    public byte[] Feed(SiteList list, IReadOnlyList<ListingEntry> entries, int chunk, int chunks, bool isCurrent, IReadOnlyList<FeedAnnouncement>? announcements = null)
    {
        announcements = isCurrent ? announcements ?? [] : [];
        var feedBase = list.FeedBase!;
        var self = isCurrent ? $"{BaseUrl}{feedBase}.xml" : $"{BaseUrl}{feedBase}/{chunk}.xml";
        using var buffer = new MemoryStream();
        using (var w = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
        {
            w.WriteStartDocument();
            w.WriteStartElement("feed", AtomNamespace);
            // The feeds are written once, in the site's first language, and say which (RFC 4287, 2).
            w.WriteAttributeString("xml", "lang", null, text.Language);
            w.WriteAttributeString("xmlns", "fh", null, ArchiveNamespace);
            w.WriteAttributeString("xmlns", "log", null, LogNamespace);
            if (!isCurrent)
            {
                w.WriteStartElement("archive", ArchiveNamespace);
                w.WriteEndElement();
            }
            w.WriteElementString("id", AtomNamespace, self);
            w.WriteElementString("title", AtomNamespace, $"{text.SiteName}: {(list.Kind == ListKind.All ? text.AllCommunications : list.Title)}");
            var updated = entries.Select(e => e.UpdatedAt).Concat(announcements.Select(a => a.Published)).DefaultIfEmpty(DateTimeOffset.UnixEpoch).Max();
            w.WriteElementString("updated", AtomNamespace, Rfc3339(updated));
            w.WriteStartElement("author", AtomNamespace);
            w.WriteElementString("name", AtomNamespace, text.SiteName);
            w.WriteEndElement();
            Link(w, "self", self, "application/atom+xml");
            Link(w, "alternate", $"{BaseUrl}{list.HtmlDirectory}/", "text/html");
            Link(w, "current", $"{BaseUrl}{feedBase}.xml", "application/atom+xml");
            if (chunk > 0)
            {
                Link(w, "prev-archive", $"{BaseUrl}{feedBase}/{chunk - 1}.xml", "application/atom+xml");
            }
            if (!isCurrent && chunk + 1 < chunks - 1)
            {
                Link(w, "next-archive", $"{BaseUrl}{feedBase}/{chunk + 1}.xml", "application/atom+xml");
            }
            foreach (var e in entries.Reverse())
            {
                w.WriteStartElement("entry", AtomNamespace);
                w.WriteElementString("id", AtomNamespace, $"{BaseUrl}c/{e.Slug}/");
                w.WriteElementString("title", AtomNamespace, $"{e.Reference}: {e.Subject}");
                w.WriteElementString("published", AtomNamespace, Rfc3339(e.PublishedAt));
                w.WriteElementString("updated", AtomNamespace, Rfc3339(e.UpdatedAt));
                Link(w, "alternate", $"{BaseUrl}c/{e.Slug}/", "text/html");
                w.WriteStartElement("summary", AtomNamespace);
                w.WriteAttributeString("type", "text");
                w.WriteString($"{e.AddresseeName}. {text.ReplyStatusName(e.ReplyStatus)}. {e.Summary}");
                w.WriteEndElement();
                Checkpoint(w, e.Checkpoint);
                foreach (var mandate in e.Mandates)
                {
                    w.WriteStartElement("category", AtomNamespace);
                    w.WriteAttributeString("term", SiteSlugs.Of(mandate));
                    w.WriteAttributeString("label", mandate);
                    w.WriteEndElement();
                }
                w.WriteEndElement();
            }
            foreach (var a in announcements.OrderByDescending(a => a.Published).ThenBy(a => a.Id, StringComparer.Ordinal))
            {
                Announcement(w, a);
            }
            w.WriteEndElement();
        }
        return buffer.ToArray();
    }

    /// <summary>An entry that is no communication (a report version): its page, its file, the log head before it.</summary>
    public static void Announcement(XmlWriter w, FeedAnnouncement a)
    {
        w.WriteStartElement("entry", AtomNamespace);
        w.WriteElementString("id", AtomNamespace, a.Id);
        w.WriteElementString("title", AtomNamespace, a.Title);
        w.WriteElementString("published", AtomNamespace, Rfc3339(a.Published));
        w.WriteElementString("updated", AtomNamespace, Rfc3339(a.Published));
        Link(w, "alternate", a.Id, "text/html");
        if (a.Enclosure is { } enclosure)
        {
            Link(w, "enclosure", enclosure, a.EnclosureType ?? "application/octet-stream");
        }
        w.WriteStartElement("summary", AtomNamespace);
        w.WriteAttributeString("type", "text");
        w.WriteString(a.Summary);
        w.WriteEndElement();
        Checkpoint(w, a.Checkpoint);
        w.WriteEndElement();
    }

    /// <summary>The head as it stood when an entry was published: whoever keeps the feed keeps a checkpoint.</summary>
    private static void Checkpoint(XmlWriter w, LogCheckpoint? checkpoint)
    {
        if (checkpoint is null)
        {
            return;
        }
        w.WriteStartElement("head", LogNamespace);
        w.WriteAttributeString("sequence", checkpoint.Sequence.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("hash", checkpoint.Hash);
        w.WriteAttributeString("at", checkpoint.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture));
        w.WriteEndElement();
    }

    private static void Link(XmlWriter w, string rel, string href, string type)
    {
        w.WriteStartElement("link", AtomNamespace);
        w.WriteAttributeString("rel", rel);
        w.WriteAttributeString("type", type);
        w.WriteAttributeString("href", href);
        w.WriteEndElement();
    }

    public static string Rfc3339(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    public string SitemapChunk(IEnumerable<string> paths)
    {
        var h = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        foreach (var path in paths)
        {
            h.Append($"<url><loc>{E(BaseUrl + path)}</loc></url>\n");
        }
        return h.Append("</urlset>\n").ToString();
    }

    public string SitemapIndex(int chunks)
    {
        var h = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        h.Append($"<sitemap><loc>{E(BaseUrl)}sitemaps/site.xml</loc></sitemap>\n");
        for (int i = 0; i < chunks; i++)
        {
            h.Append($"<sitemap><loc>{E(BaseUrl)}sitemaps/{i}.xml</loc></sitemap>\n");
        }
        return h.Append("</sitemapindex>\n").ToString();
    }
}
