using System.IO.Compression;

namespace ResponsePortal.Documents;

/// <summary>
/// Checks a document's structure, not only its first bytes: a PDF must end with its trailer (<c>startxref</c> …
/// <c>%%EOF</c>), a DOCX or ODT must have a readable ZIP central directory naming its main part. Both live at the end
/// of the file, so only the file's tail is read: from a seekable stream directly, or kept while an upload streams
/// through <see cref="Checking"/>, which never holds more than the tail.
/// </summary>
public static class DocumentStructure
{
    /// <summary>How far from the end a PDF's trailer may be: NUL or white-space padding after %%EOF, which some scanners and transfer tools add, is tolerated up to this.</summary>
    public const int PdfTailBytes = 64 * 1024;

    /// <summary>A ZIP package's end record and central directory must lie within its last 128 KB (over a thousand parts).</summary>
    public const int ZipTailBytes = 128 * 1024;

    /// <summary>The PDF trailer's %%EOF must be within the last 1,024 significant bytes (ISO 32000: "the last line of the file").</summary>
    private const int PdfTrailerWindow = 1024;

    /// <summary>How many trailing bytes the check of <paramref name="format"/> needs; 0 when it has no structure check.</summary>
    public static int TailLength(DocumentFormat format)
        => format == DocumentFormat.Pdf ? PdfTailBytes : format == DocumentFormat.Docx || format == DocumentFormat.Odt ? ZipTailBytes : 0;

    /// <summary>Null when the document's end is what its format requires, otherwise the reason, for a person.</summary>
    public static string? Refusal(DocumentFormat format, ReadOnlySpan<byte> tail, long length)
    {
        if (format == DocumentFormat.Pdf)
        {
            return PdfRefusal(tail);
        }
        if (format == DocumentFormat.Docx)
        {
            return ZipRefusal(tail, length, format, ["word/document.xml", "[Content_Types].xml"]);
        }
        if (format == DocumentFormat.Odt)
        {
            return ZipRefusal(tail, length, format, ["mimetype", "content.xml"]);
        }
        return null;
    }

    /// <summary>Reads the tail of a seekable stream and checks it, leaving the stream where it was.</summary>
    public static async Task<string?> CheckAsync(DocumentFormat format, Stream seekable, CancellationToken cancellationToken)
    {
        int wanted = TailLength(format);
        if (wanted == 0)
        {
            return null;
        }
        long position = seekable.Position;
        long length = seekable.Length;
        var tail = new byte[(int)Math.Min(wanted, length)];
        seekable.Seek(length - tail.Length, SeekOrigin.Begin);
        await seekable.ReadExactlyAsync(tail, cancellationToken);
        seekable.Position = position;
        return Refusal(format, tail, length);
    }

    /// <summary>
    /// Passes <paramref name="content"/> through, keeping its tail; at the end of the stream it throws
    /// <see cref="DocumentStructureException"/> if the structure is wrong, so a store that is reading it never commits.
    /// </summary>
    public static Stream Checking(DocumentFormat format, Stream content)
        => TailLength(format) == 0 ? content : new CheckingStream(format, content);

    private static string? PdfRefusal(ReadOnlySpan<byte> tail)
    {
        var significant = tail.TrimEnd("\0 \t\r\n\f"u8);
        var window = significant[Math.Max(0, significant.Length - PdfTrailerWindow)..];
        int eof = window.LastIndexOf("%%EOF"u8);
        if (eof < 0)
        {
            return "The PDF is incomplete: it does not end with its %%EOF trailer (was the file cut short?).";
        }
        if (window[..eof].LastIndexOf("startxref"u8) < 0)
        {
            return "The PDF is damaged: its trailer has no startxref before %%EOF, so a reader cannot find its contents.";
        }
        return null;
    }

    private static string? ZipRefusal(ReadOnlySpan<byte> tail, long length, DocumentFormat format, string[] requiredParts)
    {
        var what = format == DocumentFormat.Docx ? "Word document (DOCX)" : "OpenDocument text (ODT)";
        HashSet<string> names;
        try
        {
            using var archive = new ZipArchive(new TailStream(tail.ToArray(), length), ZipArchiveMode.Read);
            names = archive.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or ArgumentException or NotSupportedException)
        {
            return $"The {what} is damaged or incomplete: its ZIP directory cannot be read (was the file cut short?).";
        }
        var missing = requiredParts.Where(p => !names.Contains(p)).ToList();
        return missing.Count == 0 ? null : $"The {what} is damaged: it has no {string.Join(" and no ", missing)}.";
    }

    /// <summary>A read-only view of a file of which only the tail is known; reading before the tail fails.</summary>
    private sealed class TailStream(byte[] tail, long length) : Stream
    {
        private readonly long _tailStart = length - tail.Length;
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => _position = value; }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position >= length || buffer.IsEmpty)
            {
                return 0;
            }
            if (_position < _tailStart)
            {
                throw new InvalidDataException("The ZIP directory lies outside the checked tail of the file.");
            }
            int n = (int)Math.Min(buffer.Length, length - _position);
            tail.AsSpan((int)(_position - _tailStart), n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin)
            => _position = origin switch
            {
                SeekOrigin.Begin => offset,
                SeekOrigin.Current => _position + offset,
                _ => length + offset,
            };

        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Keeps the last <see cref="TailLength"/> bytes in a ring while the content streams through.</summary>
    private sealed class CheckingStream(DocumentFormat format, Stream inner) : Stream
    {
        private readonly byte[] _ring = new byte[TailLength(format)];
        private long _length;
        private bool _checked;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Keep(buffer.AsSpan(offset, inner.Read(buffer, offset, count)), count);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = await inner.ReadAsync(buffer, cancellationToken);
            return Keep(buffer.Span[..read], buffer.Length);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Keep(ReadOnlySpan<byte> read, int asked)
        {
            if (read.IsEmpty && asked > 0 && !_checked)
            {
                _checked = true;
                if (Refusal(format, Tail(), _length) is { } reason)
                {
                    throw new DocumentStructureException(reason);
                }
                return 0;
            }
            var data = read.Length > _ring.Length ? read[^_ring.Length..] : read;
            long start = _length + (read.Length - data.Length);
            int at = (int)(start % _ring.Length);
            int first = Math.Min(data.Length, _ring.Length - at);
            data[..first].CopyTo(_ring.AsSpan(at));
            data[first..].CopyTo(_ring);
            _length += read.Length;
            return read.Length;
        }

        private byte[] Tail()
        {
            if (_length <= _ring.Length)
            {
                return _ring[..(int)_length];
            }
            int at = (int)(_length % _ring.Length);
            return [.. _ring.AsSpan(at), .. _ring.AsSpan(0, at)];
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>Thrown at the end of a streamed document whose structure is wrong; the message says why, for a person.</summary>
public sealed class DocumentStructureException(string reason) : Exception(reason);
