using System.Text;

namespace ResponsePortal.Documents;

/// <summary>A document type the portal accepts, recognised by its content rather than its name.</summary>
public sealed record DocumentFormat(string Name, string ContentType, string Extension)
{
    public static readonly DocumentFormat Pdf = new("PDF", "application/pdf", ".pdf");
    public static readonly DocumentFormat Docx = new("Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx");
    public static readonly DocumentFormat Odt = new("OpenDocument text", "application/vnd.oasis.opendocument.text", ".odt");
    public static readonly DocumentFormat Rtf = new("Rich Text", "application/rtf", ".rtf");
    public static readonly DocumentFormat PlainText = new("Plain text", "text/plain; charset=utf-8", ".txt");
    public static readonly DocumentFormat Png = new("PNG image", "image/png", ".png");
    public static readonly DocumentFormat Jpeg = new("JPEG image", "image/jpeg", ".jpg");
    public static readonly DocumentFormat Tiff = new("TIFF image", "image/tiff", ".tif");

    /// <summary>How many leading bytes <see cref="DocumentSniffer"/> needs to decide.</summary>
    public const int HeadLength = 8192;
}

/// <summary>
/// Decides a document's type from its first bytes (magic numbers and, for ZIP-based office files, the
/// first entries the formats require). An HTML page or a program named "reply.pdf" is refused.
/// </summary>
public static class DocumentSniffer
{
    public const string Accepted = "PDF, DOCX, ODT, RTF, plain text (UTF-8), PNG, JPEG or TIFF";

    public static DocumentFormat? Identify(ReadOnlySpan<byte> head, out string? refusal)
    {
        refusal = null;
        if (head.IsEmpty)
        {
            refusal = "The file is empty.";
            return null;
        }
        if (head.StartsWith("%PDF-"u8))
        {
            return DocumentFormat.Pdf;
        }
        if (head.StartsWith("{\\rtf"u8))
        {
            return DocumentFormat.Rtf;
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return DocumentFormat.Png;
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return DocumentFormat.Jpeg;
        }
        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8))
        {
            return DocumentFormat.Tiff;
        }
        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            return IdentifyZipDocument(head, out refusal);
        }
        if (head.StartsWith("MZ"u8) || head.StartsWith("\u007FELF"u8) || head.StartsWith((ReadOnlySpan<byte>)[0xCF, 0xFA, 0xED, 0xFE]) || head.StartsWith("#!"u8))
        {
            refusal = "The file is a program, not a document.";
            return null;
        }
        return IdentifyText(head, out refusal);
    }

    private static DocumentFormat? IdentifyZipDocument(ReadOnlySpan<byte> head, out string? refusal)
    {
        // ODF requires its first entry to be an uncompressed "mimetype" file naming the type.
        var firstName = ZipEntryName(head);
        if (firstName == "mimetype" && head.IndexOf("application/vnd.oasis.opendocument.text"u8) >= 0)
        {
            refusal = null;
            return DocumentFormat.Odt;
        }
        // OOXML packages carry [Content_Types].xml and a word/ part; writers put them first.
        if (head.IndexOf("[Content_Types].xml"u8) >= 0 && (head.IndexOf("word/"u8) >= 0 || head.IndexOf("_rels/"u8) >= 0) && head.IndexOf("xl/"u8) < 0 && head.IndexOf("ppt/"u8) < 0)
        {
            refusal = null;
            return DocumentFormat.Docx;
        }
        refusal = "The file is a ZIP archive but not a Word (DOCX) or OpenDocument (ODT) text document.";
        return null;
    }

    private static string? ZipEntryName(ReadOnlySpan<byte> head)
    {
        if (head.Length < 30)
        {
            return null;
        }
        int nameLength = head[26] | head[27] << 8;
        return head.Length < 30 + nameLength ? null : Encoding.ASCII.GetString(head.Slice(30, nameLength));
    }

    private static DocumentFormat? IdentifyText(ReadOnlySpan<byte> head, out string? refusal)
    {
        var text = head;
        if (text.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            text = text[3..];
        }
        // The head may end inside a multi-byte character: ignore up to 3 trailing bytes of an incomplete sequence.
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true);
        int cut = text.Length;
        for (int trim = 0; trim <= 3 && trim < text.Length; trim++)
        {
            if (System.Text.Unicode.Utf8.IsValid(text[..(text.Length - trim)]))
            {
                cut = text.Length - trim;
                goto decoded;
            }
        }
        refusal = $"The file is not a supported document ({Accepted}).";
        return null;

    decoded:
        // Decoded into a pooled buffer: every document of a build is sniffed before its text is read, and a string of
        // the head was 16 KB of garbage per file.
        var pooled = System.Buffers.ArrayPool<char>.Shared.Rent(Math.Max(cut, 1));
        try
        {
            var chars = pooled.AsSpan(0, decoder.GetChars(text[..cut], pooled));
            if (chars.ContainsAny(ControlCharacters))
            {
                refusal = $"The file is not a supported document ({Accepted}).";
                return null;
            }
            return IdentifyOpening(chars, out refusal);
        }
        finally
        {
            System.Buffers.ArrayPool<char>.Shared.Return(pooled);
        }
    }

    /// <summary>
    /// Control characters other than the line and page breaks and the tab, which no text document holds: searched with
    /// vectors, where a <see cref="char.IsControl(char)"/> test per character was 0.7% of a build with text (issue 14).
    /// </summary>
    private static readonly System.Buffers.SearchValues<char> ControlCharacters = System.Buffers.SearchValues.Create(
        Enumerable.Range(0, 0xA0).Select(c => (char)c).Where(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t' or '\f')).ToArray());

    private static DocumentFormat? IdentifyOpening(ReadOnlySpan<char> chars, out string? refusal)
    {
        // Only the opening is compared: lower-casing the whole head made a copy of up to 8,192 characters per file to
        // compare 14 of them (about 1% of the CPU of a build with text, in a profile of 3,000 communications).
        var start = chars.TrimStart();
        if (start.StartsWith('<') && (IsOpening(start, "<!doctype html") || IsOpening(start, "<html") || IsOpening(start, "<script") || IsOpening(start, "<?xml") || IsOpening(start, "<svg")))
        {
            refusal = "The file is a web page or markup, not a document; send it as PDF.";
            return null;
        }
        refusal = null;
        return DocumentFormat.PlainText;
    }

    private static bool IsOpening(ReadOnlySpan<char> text, string markup) => text.StartsWith(markup, StringComparison.OrdinalIgnoreCase);
}

public static class FileNames
{
    public const int MaxLength = 120;

    /// <summary>A name safe to show: no path parts, no control characters, bounded length.</summary>
    public static string ForDisplay(string? name, string fallback = "document")
    {
        var lastPart = (name ?? "").Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        var cleaned = new string(lastPart.Where(c => !char.IsControl(c) && c is not ('"' or '<' or '>' or '|' or '*' or '?' or ':')).ToArray()).Trim().Trim('.');
        if (cleaned.Length == 0)
        {
            cleaned = fallback;
        }
        if (cleaned.Length > MaxLength)
        {
            var extension = Path.GetExtension(cleaned);
            extension = extension.Length is > 0 and <= 10 ? extension : "";
            cleaned = cleaned[..(MaxLength - extension.Length)] + extension;
        }
        return cleaned;
    }

    /// <summary>A name safe for a storage path: ASCII letters, digits, dot, dash and underscore only.</summary>
    public static string ForStorage(string displayName)
    {
        var safe = new string(displayName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());
        return safe.Trim('.') is { Length: > 0 } s ? s : "document";
    }
}

/// <summary>Reads a stream's head to sniff its type and then hands on every byte, head included, without buffering the rest.</summary>
public sealed class SniffedUpload
{
    private SniffedUpload(byte[] head, int headLength, Stream rest)
    {
        Head = head.AsMemory(0, headLength);
        Content = new PrefixedStream(head, headLength, rest);
    }

    public ReadOnlyMemory<byte> Head { get; }
    public Stream Content { get; }

    public static async Task<SniffedUpload> ReadAsync(Stream source, CancellationToken cancellationToken)
    {
        var buffer = new byte[DocumentFormat.HeadLength];
        int filled = 0;
        while (filled < buffer.Length)
        {
            int read = await source.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                break;
            }
            filled += read;
        }
        return new SniffedUpload(buffer, filled, source);
    }

    private sealed class PrefixedStream(byte[] head, int headLength, Stream rest) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position < headLength)
            {
                int n = Math.Min(buffer.Length, headLength - _position);
                head.AsSpan(_position, n).CopyTo(buffer);
                _position += n;
                return n;
            }
            return rest.Read(buffer);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position < headLength)
            {
                return Read(buffer.Span);
            }
            return await rest.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
