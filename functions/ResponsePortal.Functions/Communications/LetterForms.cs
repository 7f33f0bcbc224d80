using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using ResponsePortal.Common;
using ResponsePortal.Communications;
using ResponsePortal.Functions.Http;

namespace ResponsePortal.Functions.Communications;

/// <summary>Multipart forms that carry letters, and letter downloads.</summary>
public static class LetterForms
{
    public const long MaxRequestBytes = 120L * 1024 * 1024;

    public static async Task<(T? Value, Problem? Problem)> ReadJsonFieldAsync<T>(IFormCollection form, string field, CancellationToken cancellationToken) where T : class
    {
        var text = form[field].ToString();
        if (string.IsNullOrWhiteSpace(text))
        {
            var file = form.Files.GetFile(field);
            if (file is null)
            {
                return (null, Problem.Invalid($"The form needs a \"{field}\" field holding JSON."));
            }
            await using var stream = file.OpenReadStream();
            return await RequestReader.ParseJsonAsync<T>(stream, $"\"{field}\" field", cancellationToken);
        }
        using var json = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return await RequestReader.ParseJsonAsync<T>(json, $"\"{field}\" field", cancellationToken);
    }

    public static FormFileUpload? File(IFormCollection form, string field)
        => form.Files.GetFile(field) is { } file ? new FormFileUpload(file) : null;

    public static IActionResult Download(Outcome<LetterDownload> outcome, HttpRequest request)
    {
        if (!outcome.Succeeded)
        {
            return HttpResults.Problem(outcome.Problem!, request);
        }
        var letter = outcome.Value!;
        request.HttpContext.Response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(letter.Sha256))}:";
        request.HttpContext.Response.Headers["X-Content-Type-Options"] = "nosniff";
        return new FileStreamResult(letter.Content, letter.ContentType) { FileDownloadName = letter.FileName };
    }

    /// <summary>A form file opened once for the use case, closed when the request ends.</summary>
    public sealed class FormFileUpload(IFormFile file) : IAsyncDisposable
    {
        private readonly InterleavedFormFileStream _stream = new(file);

        public string FieldName => file.Name;
        public FileUpload Upload => new(file.FileName, file.Length, _stream);

        public ValueTask DisposeAsync() => _stream.DisposeAsync();
    }

    /// <summary>
    /// Form files share one buffered request body; registration reads the head of every file before storing any,
    /// so each read opens the file afresh (which puts the shared body at the file's start) and moves to where this
    /// file left off.
    /// </summary>
    private sealed class InterleavedFormFileStream(IFormFile file) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => file.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            using var inner = file.OpenReadStream();
            inner.Position = _position;
            int read = inner.Read(buffer, offset, count);
            _position += read;
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await using var inner = file.OpenReadStream();
            inner.Position = _position;
            int read = await inner.ReadAsync(buffer, cancellationToken);
            _position += read;
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

public static class CommunicationFilterQuery
{
    public static (CommunicationFilter? Filter, Problem? Problem) Parse(IQueryCollection query)
    {
        var errors = new ValidationErrors();
        Phase? phase = null;
        if (query.TryGetValue("phase", out var phaseText) && !string.IsNullOrEmpty(phaseText))
        {
            if (PhaseNames.TryParse(phaseText, out var parsed))
            {
                phase = parsed;
            }
            else
            {
                errors.Add("phase", $"\"{phaseText}\" is not a phase; use awaiting-reply, due-soon, replied, replied-late, no-reply or published.");
            }
        }
        var after = Instant(query, "closingAfter", errors);
        var before = Instant(query, "closingBefore", errors);
        if (after is not null && before is not null && before < after)
        {
            errors.Add("closingBefore", "closingBefore is earlier than closingAfter.");
        }
        if (errors.Any)
        {
            return (null, errors.ToProblem());
        }
        var addressee = query["addressee"].ToString();
        return (new CommunicationFilter
        {
            AddresseeId = string.IsNullOrWhiteSpace(addressee) ? null : addressee.Trim(),
            Phase = phase,
            ClosingAfter = after,
            ClosingBefore = before,
        }, null);
    }

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
