using System.Text.Json.Serialization;

namespace ResponsePortal.Documents.Text;

/// <summary>What a block of extracted text was in its document, so the page can keep the structure.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TextBlockKind>))]
public enum TextBlockKind
{
    Heading,
    Paragraph,
    ListItem,
}

public sealed record TextBlock(TextBlockKind Kind, string Text);

/// <summary>Why a document shows no text, or that it does.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TextOutcome>))]
public enum TextOutcome
{
    /// <summary>Text was found (possibly cut at the size bound: see <see cref="DocumentText.Truncated"/>).</summary>
    Extracted,
    /// <summary>The document was read but holds no text: a scan or a picture. The file is the reference.</summary>
    NoText,
    /// <summary>An image format, or one the portal keeps but cannot read text from.</summary>
    NotText,
    /// <summary>The file is larger than the bound, or what it inflates to (an office file's text part, a PDF's streams) passes its own: not read.</summary>
    TooLarge,
    /// <summary>Reading took longer than the bound; what was read is dropped, because a half text misleads.</summary>
    TimedOut,
    /// <summary>The file could not be parsed (damaged, encrypted).</summary>
    Unreadable,
}

/// <summary>
/// The text of a document as shown under its file link on the public page: blocks in reading order, or the reason
/// there are none. The file stays authoritative; this is a reading aid.
/// </summary>
public sealed record DocumentText(TextOutcome Outcome, IReadOnlyList<TextBlock> Blocks, bool Truncated = false)
{
    public static DocumentText Without(TextOutcome outcome) => new(outcome, []);

    public int Characters => Blocks.Sum(b => b.Text.Length);
}

/// <summary>The bounds of one extraction: a publication never waits long on one strange file.</summary>
public sealed class TextExtractionLimits
{
    /// <summary>Files above this are not opened (letters and replies are rarely above a few MB of text-bearing PDF).</summary>
    public long MaxFileBytes { get; init; } = 25 * 1024 * 1024;

    /// <summary>
    /// The XML part that holds a DOCX's or an ODT's text, inflated: 16 MB is hundreds of pages of formatted text. A
    /// small file can inflate far beyond it (a decompression bomb: a 6 MB DOCX of 600 MB took 4.8 GB of memory to
    /// read); such a part is not read. A zip entry that gives a false size reads as damaged (.NET's zip reader stops
    /// at that size); the XML readers also stop at this many characters.
    /// </summary>
    public long MaxXmlBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// What one page's content stream (or a form's) may decode to in a PDF: parsing it takes about 125 bytes of heap a
    /// byte, so a page of 10 MB took 1.26 GB to read. A page of dense text is tens of kilobytes; a detailed vector
    /// drawing can reach a few megabytes. A PDF with a larger page is said to be too large to read.
    /// </summary>
    public long MaxPdfContentBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>
    /// PDF and office files read at once by one extractor (the process's): reading is CPU work, so more than the cores
    /// gains nothing, and each read may hold a parsed page (<see cref="MaxPdfContentBytes"/>). A publication reads its
    /// files, and a build its communications, many at a time.
    /// </summary>
    public int MaxConcurrentReads { get; init; } = Environment.ProcessorCount;

    /// <summary>What all of a PDF's streams that are read for its text (pages, forms, fonts, cross-references) may decode to together.</summary>
    public long MaxPdfDecodedBytes { get; init; } = 128 * 1024 * 1024;

    /// <summary>Text beyond this is cut (about 150 pages); the page says so and links the file.</summary>
    public int MaxCharacters { get; init; } = 400_000;

    /// <summary>Checked between pages and paragraphs; a parser stuck inside one page is bounded by the caller's token.</summary>
    public TimeSpan MaxTime { get; init; } = TimeSpan.FromSeconds(10);
}
