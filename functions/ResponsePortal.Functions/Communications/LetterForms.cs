using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using ResponsePortal.Common;
using ResponsePortal.Communications;
using ResponsePortal.Functions.Http;

namespace ResponsePortal.Functions.Communications;

/// <summary>Multipart forms that carry letters, and letter downloads.</summary>
public static class LetterForms
{
    public const long MaxRequestBytes = 120L * 1024 * 1024;

    public static IActionResult Download(Outcome<LetterDownload> outcome, HttpRequest request)
    {
        if (!outcome.Succeeded)
        {
            return HttpResults.Problem(outcome.Problem!, request);
        }
        var letter = outcome.Value!;
        request.HttpContext.Response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(letter.Sha256))}:";
        return new FileStreamResult(letter.Content, letter.ContentType) { FileDownloadName = letter.FileName };
    }
}

/// <summary>
/// A letter form read part by part (docs/validation.md): every part is named once, a part the endpoint does not know
/// is refused by name, JSON parts must be valid UTF-8, and each file is buffered on its own (in memory, then in a
/// temporary file) so registration can check every file, head and tail, before it stores any.
/// </summary>
public sealed class LetterForm : IAsyncDisposable
{
    /// <summary>Small files stay in memory; larger ones go to a temporary file that is deleted with the form.</summary>
    private const int MemoryThresholdBytes = 64 * 1024;

    private readonly Dictionary<string, Part> _parts = new(StringComparer.Ordinal);

    private LetterForm()
    {
    }

    private sealed record Part(string Name, string? FileName, FileBufferingReadStream Content);

    /// <summary>The names of the parts, in the order they came.</summary>
    public IEnumerable<string> PartNames => _parts.Keys;

    /// <summary>
    /// Reads the whole form. <paramref name="allowed"/> decides which part names the endpoint knows (a case names its
    /// files itself, so it allows any and checks after reading its JSON); at most <paramref name="maxParts"/> parts.
    /// </summary>
    public static async Task<(LetterForm? Form, Problem? Problem)> ReadAsync(HttpRequest request, long maxBytes, Func<string, bool> allowed, int maxParts, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return (null, new Problem(415, "Unsupported media type", "Send the request as multipart/form-data."));
        }
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 200)
        {
            return (null, Problem.Invalid("The multipart/form-data content type has no valid boundary."));
        }
        if (request.ContentLength > maxBytes)
        {
            return (null, Problem.TooLarge($"The request is {request.ContentLength:N0} bytes; the limit is {maxBytes:N0}."));
        }
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = maxBytes;
        }

        var form = new LetterForm();
        try
        {
            var problem = await form.ReadPartsAsync(new MultipartReader(boundary, request.Body) { HeadersCountLimit = 16, HeadersLengthLimit = 16 * 1024 }, maxBytes, allowed, maxParts, cancellationToken);
            if (problem is null)
            {
                return (form, null);
            }
            await form.DisposeAsync();
            return (null, problem);
        }
        catch
        {
            await form.DisposeAsync();
            throw;
        }
    }

    private async Task<Problem?> ReadPartsAsync(MultipartReader reader, long maxBytes, Func<string, bool> allowed, int maxParts, CancellationToken cancellationToken)
    {
        long total = 0;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!PartHeaders.TryRead(section, out var name, out var fileName))
                {
                    return Problem.Invalid("Every part of the form needs a well-formed Content-Disposition: form-data header with a name.");
                }
                if (!allowed(name))
                {
                    return PartProblem(name, $"The form has a part \"{TextRules.Shown(name)}\" this request does not take.");
                }
                if (_parts.ContainsKey(name))
                {
                    return PartProblem(name, $"The part \"{TextRules.Shown(name)}\" is given twice; send each part once.");
                }
                if (_parts.Count >= maxParts)
                {
                    return Problem.Invalid($"The form has more than {maxParts} parts.");
                }
                var content = new FileBufferingReadStream(section.Body, MemoryThresholdBytes, maxBytes - total, Path.GetTempPath());
                _parts[name] = new Part(name, fileName, content);
                await content.DrainAsync(cancellationToken);
                content.Position = 0;
                total += content.Length;
            }
            return null;
        }
        catch (IOException ex) when (ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return Problem.TooLarge($"The request is larger than {maxBytes:N0} bytes.");
        }
        catch (InvalidDataException ex)
        {
            return Problem.Invalid("The multipart body is malformed: " + ex.Message);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problem.TooLarge($"The request is larger than {maxBytes:N0} bytes.");
        }
        catch (IOException ex)
        {
            return Problem.Invalid("The request body ended before the multipart form was complete: " + ex.Message);
        }
    }

    private static Problem PartProblem(string name, string message)
        => Problem.Invalid(new Dictionary<string, string[]> { [TextRules.Shown(name)] = [message] });

    /// <summary>Parses the JSON part <paramref name="name"/> (sent as a field or as a file), refusing invalid UTF-8.</summary>
    public async Task<(T? Value, Problem? Problem)> ReadJsonAsync<T>(string name, CancellationToken cancellationToken) where T : class
    {
        if (!_parts.TryGetValue(name, out var part) || part.Content.Length == 0)
        {
            return (null, Problem.Invalid($"The form needs a \"{name}\" part holding JSON."));
        }
        if (part.Content.Length > RequestReader.MaxJsonBytes)
        {
            return (null, Problem.TooLarge($"The \"{name}\" part is at most {RequestReader.MaxJsonBytes:N0} bytes."));
        }
        var bytes = new byte[part.Content.Length];
        await part.Content.ReadExactlyAsync(bytes, cancellationToken);
        return RequestReader.ParseJson<T>(bytes, $"\"{name}\" part");
    }

    /// <summary>The file in part <paramref name="name"/>, seekable, or null when the form has no such part.</summary>
    public FileUpload? File(string name)
        => _parts.TryGetValue(name, out var part) ? new FileUpload(part.FileName ?? "", part.Content.Length, part.Content) : null;

    public async ValueTask DisposeAsync()
    {
        foreach (var part in _parts.Values)
        {
            await part.Content.DisposeAsync();
        }
        _parts.Clear();
    }
}

public static class CommunicationFilterQuery
{
    /// <summary>Longest search text: a reference, a subject's words or an addressee's name.</summary>
    public const int MaxSearchLength = 200;

    /// <summary>
    /// Phases that before the two dimensions were separated also said how the letter was answered. They still filter
    /// as they did, now whatever the publication: <c>no-reply</c> is a closed or published letter without a reply.
    /// </summary>
    private static readonly Dictionary<string, (Phase[] Phases, ReplyStatus Status)> LegacyPhases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["replied"] = ([], ReplyStatus.OnTime),
        ["replied-late"] = ([], ReplyStatus.Late),
        ["no-reply"] = ([Phase.Closed, Phase.Published], ReplyStatus.None),
    };

    public static (CommunicationFilter? Filter, Problem? Problem) Parse(IQueryCollection query)
    {
        var errors = new ValidationErrors();
        var phases = new HashSet<Phase>();
        var statuses = new HashSet<ReplyStatus>();
        foreach (var text in List(query, "phase"))
        {
            if (PhaseNames.TryParse(text, out Phase phase))
            {
                phases.Add(phase);
            }
            else if (LegacyPhases.TryGetValue(text, out var legacy))
            {
                phases.UnionWith(legacy.Phases);
                statuses.Add(legacy.Status);
            }
            else
            {
                errors.Add("phase", $"\"{TextRules.Shown(text)}\" is not a phase; use awaiting-reply, due-soon, closed or published (several separated by commas).");
            }
        }
        foreach (var text in List(query, "replyStatus"))
        {
            if (PhaseNames.TryParse(text, out ReplyStatus status))
            {
                statuses.Add(status);
            }
            else
            {
                errors.Add("replyStatus", $"\"{TextRules.Shown(text)}\" is not a reply status; use none, on-time, late or withheld (several separated by commas).");
            }
        }
        var after = Instant(query, "closingAfter", errors);
        var before = Instant(query, "closingBefore", errors);
        if (after is not null && before is not null && before < after)
        {
            errors.Add("closingBefore", "closingBefore is earlier than closingAfter.");
        }
        var search = query["q"].ToString().Trim();
        if (search.Length > MaxSearchLength)
        {
            errors.Add("q", $"The search text is at most {MaxSearchLength} characters.");
        }
        errors.Check("q", "The search text", search, TextKind.SingleLine);
        if (errors.Any)
        {
            return (null, errors.ToProblem());
        }
        var addressee = query["addressee"].ToString();
        return (new CommunicationFilter
        {
            AddresseeId = string.IsNullOrWhiteSpace(addressee) ? null : addressee.Trim(),
            Phases = phases.Count == 0 ? null : phases,
            ReplyStatuses = statuses.Count == 0 ? null : statuses,
            ClosingAfter = after,
            ClosingBefore = before,
            Search = search.Length == 0 ? null : search,
        }, null);
    }

    /// <summary>The values of a parameter given as a comma-separated list, as repeated parameters, or both.</summary>
    private static IEnumerable<string> List(IQueryCollection query, string name)
        => query[name].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    private static DateTimeOffset? Instant(IQueryCollection query, string name, ValidationErrors errors)
    {
        var text = query[name].ToString();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var value))
        {
            return value;
        }
        errors.Add(name, $"\"{text}\" is not a date or instant; use ISO 8601, such as 2021-03-26 or 2021-03-26T22:59:59Z.");
        return null;
    }
}
