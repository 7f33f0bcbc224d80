extern alias OpenXml;
using System.IO.Compression;
using System.Text;
using System.Xml;
using OpenXml::DocumentFormat.OpenXml.Packaging;
using OpenXml::DocumentFormat.OpenXml.Wordprocessing;
using WordText = OpenXml::DocumentFormat.OpenXml.Wordprocessing.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace ResponsePortal.Documents.Text;

/// <summary>
/// Reads the text of a letter or a reply for the public page and the search index: PDF (PdfPig), DOCX (Open XML
/// SDK), ODT (its content.xml), RTF (<see cref="RtfText"/>) and plain text. Nothing in a document is executed or
/// fetched: no macros are run, XML is read without DTDs or external entities, and PDF links and scripts are ignored.
/// Every call is bounded in size and time (<see cref="TextExtractionLimits"/>).
/// </summary>
public sealed class TextExtractor(TextExtractionLimits limits, TimeProvider clock)
{
    public TextExtractor() : this(new TextExtractionLimits(), TimeProvider.System)
    {
    }

    /// <summary>Reads of PDF and office files in progress at most (<see cref="TextExtractionLimits.MaxConcurrentReads"/>).</summary>
    private readonly SemaphoreSlim _reads = new(Math.Max(1, limits.MaxConcurrentReads));

    public TextExtractionLimits Limits => limits;

    /// <summary>
    /// <see cref="Extract"/> on the thread pool, given up after twice the time bound: a parser stuck inside one page
    /// (where the budget is not checked) cannot hold a publication. The abandoned read runs on and its result is dropped.
    /// At most <see cref="TextExtractionLimits.MaxConcurrentReads"/> run at once, an abandoned one included until it
    /// ends: each may hold a parsed page in memory (<see cref="TextExtractionLimits.MaxPdfContentBytes"/>), and a
    /// publication or a build reads many files side by side.
    /// </summary>
    public async Task<DocumentText> ExtractAsync(ReadOnlyMemory<byte> content, DocumentFormat format, CancellationToken cancellationToken)
    {
        if (format == DocumentFormat.PlainText)
        {
            // Read in one linear pass with the budget checked at every paragraph: nothing to get stuck in.
            return Extract(content, format, cancellationToken);
        }
        await _reads.WaitAsync(cancellationToken);
        var extraction = Task.Run(() => Extract(content, format, cancellationToken), cancellationToken);
        _ = extraction.ContinueWith(static (_, reads) => ((SemaphoreSlim)reads!).Release(), _reads, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            return await extraction.WaitAsync(limits.MaxTime * 2, clock, cancellationToken);
        }
        catch (TimeoutException)
        {
            return DocumentText.Without(TextOutcome.TimedOut);
        }
    }

    public DocumentText Extract(ReadOnlyMemory<byte> content, DocumentFormat format, CancellationToken cancellationToken = default)
    {
        if (content.Length > limits.MaxFileBytes)
        {
            return DocumentText.Without(TextOutcome.TooLarge);
        }
        var budget = new Budget(limits, clock, cancellationToken);
        try
        {
            var blocks = format.Extension switch
            {
                ".pdf" => Pdf(content, budget),
                ".docx" => Docx(content, budget),
                ".odt" => Odt(content, budget),
                ".rtf" => Paragraphs(RtfText.Read(content.Span).AsMemory(), budget),
                ".txt" => PlainText(content.Span, budget),
                _ => null,
            };
            if (blocks is null)
            {
                return DocumentText.Without(TextOutcome.NotText);
            }
            return blocks.Count == 0 ? DocumentText.Without(TextOutcome.NoText) : new DocumentText(TextOutcome.Extracted, blocks, budget.Truncated);
        }
        catch (TimeoutException)
        {
            return DocumentText.Without(TextOutcome.TimedOut);
        }
        catch (PartTooLargeException)
        {
            return DocumentText.Without(TextOutcome.TooLarge);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DocumentText.Without(TextOutcome.TimedOut);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // A damaged or encrypted file: the parsers throw many kinds of exception, and none of them may stop a publication.
            return DocumentText.Without(TextOutcome.Unreadable);
        }
    }

    private static List<TextBlock> Pdf(ReadOnlyMemory<byte> content, Budget budget)
    {
        var blocks = new List<TextBlock>();
        var filters = new BoundedPdfFilters(DefaultFilterProvider.Instance, budget.Limits);
        using var document = PdfDocument.Open(content.ToArray(), new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true, FilterProvider = filters });
        foreach (var page in Pages(document, filters))
        {
            budget.Check();
            // Content order keeps lines as written; a blank line between them is a paragraph break.
            var text = ContentOrderTextExtractor.GetText(page, addDoubleNewline: true);
            foreach (var paragraph in SplitParagraphs(text.AsMemory()))
            {
                if (!budget.Add(blocks, new TextBlock(TextBlockKind.Paragraph, paragraph)))
                {
                    return blocks;
                }
            }
        }
        return blocks;
    }

    /// <summary>The document's pages, read one at a time; a stream over its bound stops them even where PdfPig read on without it.</summary>
    private static IEnumerable<UglyToad.PdfPig.Content.Page> Pages(PdfDocument document, BoundedPdfFilters filters)
    {
        for (int number = 1; number <= document.NumberOfPages; number++)
        {
            var page = document.GetPage(number);
            if (filters.Exceeded)
            {
                throw new PartTooLargeException();
            }
            yield return page;
        }
    }

    private static List<TextBlock> Docx(ReadOnlyMemory<byte> content, Budget budget)
    {
        var blocks = new List<TextBlock>();
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        // The SDK reads the document part into memory whole (8 bytes of heap per byte of XML measured): a part that
        // inflates to hundreds of megabytes is refused by the size its zip entry gives before it is read. A size that
        // lies does not help: .NET's zip reader stops there (the part reads as damaged); the SDK's character limit is
        // a second bound.
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true))
        {
            budget.CheckPart(zip.GetEntry("word/document.xml"));
        }
        stream.Position = 0;
        using var document = WordprocessingDocument.Open(stream, isEditable: false, new OpenSettings { AutoSave = false, MaxCharactersInPart = budget.Limits.MaxXmlBytes });
        var body = document.MainDocumentPart?.Document?.Body;
        if (body is null)
        {
            return blocks;
        }
        foreach (var paragraph in body.Descendants<Paragraph>())
        {
            budget.Check(Budget.ParagraphStride);
            var text = Collapse(string.Concat(paragraph.Descendants<WordText>().Select(t => t.Text)));
            if (text.Length == 0)
            {
                continue;
            }
            var style = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? "";
            var kind = style.StartsWith("Heading", StringComparison.OrdinalIgnoreCase) || style.Equals("Title", StringComparison.OrdinalIgnoreCase)
                ? TextBlockKind.Heading
                : paragraph.ParagraphProperties?.NumberingProperties is not null || style.StartsWith("List", StringComparison.OrdinalIgnoreCase)
                    ? TextBlockKind.ListItem
                    : TextBlockKind.Paragraph;
            if (!budget.Add(blocks, new TextBlock(kind, text)))
            {
                break;
            }
        }
        return blocks;
    }

    private static List<TextBlock> Odt(ReadOnlyMemory<byte> content, Budget budget)
    {
        var blocks = new List<TextBlock>();
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
        var entry = zip.GetEntry("content.xml") ?? throw new InvalidDataException("An ODT file without content.xml.");
        budget.CheckPart(entry);
        using var xml = XmlReader.Create(entry.Open(), new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, MaxCharactersInDocument = budget.Limits.MaxXmlBytes,
        });
        const string TextNs = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
        var listDepth = 0;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.EndElement && xml.NamespaceURI == TextNs && xml.LocalName == "list-item")
            {
                listDepth--;
                continue;
            }
            if (xml.NodeType != XmlNodeType.Element || xml.NamespaceURI != TextNs)
            {
                continue;
            }
            if (xml.LocalName == "list-item" && !xml.IsEmptyElement)
            {
                listDepth++;
                continue;
            }
            if (xml.LocalName is not ("h" or "p"))
            {
                continue;
            }
            budget.Check(Budget.ParagraphStride);
            var kind = xml.LocalName == "h" ? TextBlockKind.Heading : listDepth > 0 ? TextBlockKind.ListItem : TextBlockKind.Paragraph;
            var text = Collapse(ReadOdfText(xml));
            if (text.Length > 0 && !budget.Add(blocks, new TextBlock(kind, text)))
            {
                break;
            }
        }
        return blocks;
    }

    /// <summary>The text of one ODF paragraph: its character content, with text:s, text:tab and text:line-break as spaces.</summary>
    private static string ReadOdfText(XmlReader xml)
    {
        if (xml.IsEmptyElement)
        {
            return "";
        }
        var text = new StringBuilder();
        var depth = xml.Depth;
        while (xml.Read() && xml.Depth > depth)
        {
            switch (xml.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace:
                    text.Append(xml.Value);
                    break;
                case XmlNodeType.Element when xml.LocalName is "s" or "tab" or "line-break":
                    text.Append(' ');
                    break;
            }
        }
        return text.ToString();
    }

    /// <summary>UTF-8 decoded into a pooled buffer, not a string: only the paragraphs become strings.</summary>
    private static List<TextBlock> PlainText(ReadOnlySpan<byte> content, Budget budget)
    {
        var buffer = System.Buffers.ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(content.Length));
        try
        {
            return Paragraphs(buffer.AsMemory(0, Encoding.UTF8.GetChars(content, buffer)), budget);
        }
        finally
        {
            System.Buffers.ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static List<TextBlock> Paragraphs(ReadOnlyMemory<char> text, Budget budget)
    {
        var blocks = new List<TextBlock>();
        foreach (var paragraph in SplitParagraphs(text))
        {
            budget.Check(Budget.ParagraphStride);
            var kind = paragraph.StartsWith("- ", StringComparison.Ordinal) || paragraph.StartsWith("• ", StringComparison.Ordinal) ? TextBlockKind.ListItem : TextBlockKind.Paragraph;
            if (!budget.Add(blocks, new TextBlock(kind, kind == TextBlockKind.ListItem ? paragraph[2..] : paragraph)))
            {
                break;
            }
        }
        return blocks;
    }

    /// <summary>
    /// Paragraphs are separated by blank lines (only white space between two line ends); the line breaks inside one
    /// are wrapping, not meaning. Read line by line: a line with single spaces only (most lines) is copied whole, any
    /// other is collapsed character by character (<see cref="Collapse"/>'s rule).
    /// </summary>
    internal static IEnumerable<string> SplitParagraphs(ReadOnlyMemory<char> text)
    {
        var current = new StringBuilder();
        var start = 0;
        while (start <= text.Length)
        {
            var length = text.Span[start..].IndexOfAny(LineEnds);
            var end = length < 0 ? text.Length : start + length;
            var line = text.Span[start..end];
            start = end + (end + 1 < text.Length && text.Span[end] == '\r' && text.Span[end + 1] == '\n' ? 2 : 1);
            if (line.Trim().IsEmpty)
            {
                if (current.Length > 0)
                {
                    yield return current.ToString();
                    current.Clear();
                }
                continue;
            }
            AppendCollapsed(current, line);
        }
        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }

    private static readonly System.Buffers.SearchValues<char> LineEnds = System.Buffers.SearchValues.Create("\r\n\f\u0085\u2028\u2029");

    /// <summary>White space and control characters other than the plain space: a line with any of them is collapsed one character at a time.</summary>
    private static readonly System.Buffers.SearchValues<char> Irregular = System.Buffers.SearchValues.Create(
        Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c).Where(c => c != ' ' && (char.IsWhiteSpace(c) || char.IsControl(c))).ToArray());

    /// <summary>A line onto a paragraph: one space between words, and between this line's first word and the paragraph's last.</summary>
    private static void AppendCollapsed(StringBuilder paragraph, ReadOnlySpan<char> line)
    {
        if (line.IndexOfAny(Irregular) < 0 && !line.Contains("  ", StringComparison.Ordinal))
        {
            line = line.Trim(' ');
            if (!line.IsEmpty)
            {
                (paragraph.Length > 0 ? paragraph.Append(' ') : paragraph).Append(line);
            }
            return;
        }
        CollapseInto(paragraph, line);
    }

    /// <summary>One space between words, no control characters (they would be refused anywhere else on the site).</summary>
    internal static string Collapse(string text) => CollapseInto(new StringBuilder(text.Length), text).ToString();

    /// <summary><see cref="Collapse"/> onto what the builder holds: a space before the first word when it holds any.</summary>
    private static StringBuilder CollapseInto(StringBuilder into, ReadOnlySpan<char> text)
    {
        var space = into.Length > 0;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = into.Length > 0;
                continue;
            }
            if (space)
            {
                into.Append(' ');
                space = false;
            }
            into.Append(c);
        }
        return into;
    }

    /// <summary>Time and size left for one extraction.</summary>
    private sealed class Budget(TextExtractionLimits limits, TimeProvider clock, CancellationToken cancellationToken)
    {
        private readonly long _started = clock.GetTimestamp();
        private int _characters;

        public bool Truncated { get; private set; }

        public TextExtractionLimits Limits => limits;

        /// <summary>An office file's text part (its zip entry) refused when it inflates beyond <see cref="TextExtractionLimits.MaxXmlBytes"/>.</summary>
        public void CheckPart(ZipArchiveEntry? entry)
        {
            if (entry is { Length: var length } && length > limits.MaxXmlBytes)
            {
                throw new PartTooLargeException();
            }
        }

        /// <summary>
        /// Reading the clock is a system call on some hosts (2 µs here, a third of a plain text's extraction when read
        /// at every paragraph): paragraphs, many and quick, read it every <see cref="ParagraphStride"/>th time; pages
        /// every time.
        /// </summary>
        public const int ParagraphStride = 16;

        private int _checks;

        public void Check(int stride = 1)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (++_checks % stride != 0)
            {
                return;
            }
            if (clock.GetElapsedTime(_started) > limits.MaxTime)
            {
                throw new TimeoutException();
            }
        }

        public bool Add(List<TextBlock> blocks, TextBlock block)
        {
            var room = limits.MaxCharacters - _characters;
            if (block.Text.Length > room)
            {
                if (room > 0)
                {
                    blocks.Add(block with { Text = block.Text[..room] });
                }
                Truncated = true;
                return false;
            }
            blocks.Add(block);
            _characters += block.Text.Length;
            return true;
        }
    }
}
