using System.IO.Compression;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokens;

namespace ResponsePortal.Documents.Text;

/// <summary>
/// PdfPig's own stream filters, bounded in what they may decode for one document (<see cref="TextExtractionLimits"/>):
/// a PDF of a few megabytes can hold a page that inflates to gigabytes (a decompression bomb), and PdfPig inflates a
/// page whole and then parses it, about 125 bytes of heap per byte of page (a 95 KB file of 10 MB took 1.26 GB; one of
/// 600 MB brought the process down). A Flate stream is first inflated into nothing, counting, and refused before
/// PdfPig inflates it when it passes the bound; any other filter's output is counted after it. A page's content (and
/// a form's) has a bound of its own, far below the document's, because parsing it is what takes the memory. Over a
/// bound, the reading stops and the file is said to be too large (<see cref="TextOutcome.TooLarge"/>).
/// </summary>
internal sealed class BoundedPdfFilters(IFilterProvider inner, TextExtractionLimits limits) : IFilterProvider
{
    private long _decoded;

    /// <summary>Whether a bound was passed: PdfPig may swallow a filter's failure and read on without the stream.</summary>
    public bool Exceeded { get; private set; }

    public IReadOnlyList<IFilter> GetFilters(DictionaryToken dictionary) => Bounded(inner.GetFilters(dictionary));

    public IReadOnlyList<IFilter> GetNamedFilters(IReadOnlyList<NameToken> names) => Bounded(inner.GetNamedFilters(names));

    public IReadOnlyList<IFilter> GetAllFilters() => Bounded(inner.GetAllFilters());

    private IReadOnlyList<IFilter> Bounded(IReadOnlyList<IFilter> filters) => filters.Select(f => (IFilter)new Filter(f, this)).ToList();

    /// <summary>Content to be parsed: a page's or a form's (no type, or a form XObject; not a font, an image, a cross-reference or object stream).</summary>
    private static bool IsContent(DictionaryToken dictionary)
    {
        string? Name(string key) => dictionary.Data.TryGetValue(key, out var token) && token is NameToken name ? name.Data : null;
        return Name("Type") is null or "XObject" && Name("Subtype") is null or "Form"
            && !dictionary.Data.ContainsKey("Length1") && !dictionary.Data.ContainsKey("Length2");
    }

    private long StreamBound(DictionaryToken dictionary)
        => Math.Min(IsContent(dictionary) ? limits.MaxPdfContentBytes : long.MaxValue, limits.MaxPdfDecodedBytes - Interlocked.Read(ref _decoded));

    private void Count(long bytes, long bound)
    {
        if (bytes > bound || Interlocked.Add(ref _decoded, bytes) > limits.MaxPdfDecodedBytes)
        {
            Exceeded = true;
            throw new PartTooLargeException();
        }
    }

    /// <summary>How many bytes a Flate stream inflates to, counted up to <paramref name="bound"/> + 1; a damaged stream counts what it gave.</summary>
    private static long Inflated(ReadOnlyMemory<byte> input, long bound)
    {
        // PDF writes zlib (a 2-byte header); some writers leave the header out, as PdfPig allows.
        using var source = new MemoryStream(input.ToArray(), writable: false);
        using Stream inflater = input.Length > 2 && (input.Span[0] & 0x0F) == 8 ? new ZLibStream(source, CompressionMode.Decompress) : new DeflateStream(source, CompressionMode.Decompress);
        var scratch = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        long total = 0;
        try
        {
            int read;
            while (total <= bound && (read = inflater.Read(scratch)) > 0)
            {
                total += read;
            }
        }
        catch (InvalidDataException)
        {
            // Damaged past this point: PdfPig decides what it makes of it, from at most what was counted.
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
        }
        return total;
    }

    private sealed class Filter(IFilter inner, BoundedPdfFilters bounds) : IFilter
    {
        public bool IsSupported => inner.IsSupported;

        public Memory<byte> Decode(Memory<byte> input, DictionaryToken streamDictionary, IFilterProvider filterProvider, int filterIndex)
        {
            var bound = bounds.StreamBound(streamDictionary);
            if (inner is FlateFilter && Inflated(input, bound) > bound)
            {
                bounds.Exceeded = true;
                throw new PartTooLargeException();
            }
            var output = inner.Decode(input, streamDictionary, filterProvider, filterIndex);
            bounds.Count(output.Length, bound);
            return output;
        }
    }
}

/// <summary>A document whose text part (an office file's XML, a PDF's streams) decodes beyond <see cref="TextExtractionLimits"/>: not read further.</summary>
internal sealed class PartTooLargeException : Exception;
