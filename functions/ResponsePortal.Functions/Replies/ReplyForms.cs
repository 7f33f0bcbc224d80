using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using ResponsePortal.Common;
using ResponsePortal.Functions.Http;
using ResponsePortal.Replies;

namespace ResponsePortal.Functions.Replies;

/// <summary>Reads a reply's multipart body section by section, streaming each file into the upload (never buffering a file).</summary>
public static class ReplyForms
{
    /// <summary>Room for multipart boundaries, part headers and text fields on top of the files' bytes.</summary>
    public const long MultipartOverheadBytes = 8 * 1024 * 1024;

    /// <summary>Bigger than the reader's 16 KB default: each read of a section hands on up to this much, so a 4 MB block takes 32 reads, not 256.</summary>
    public const int ReadBufferBytes = 128 * 1024;

    public static async Task<Problem?> ReadIntoAsync(HttpRequest request, ReplyUpload upload, long maxReplyBytes, CancellationToken cancellationToken)
    {
        // Kestrel's default body limit (about 28.6 MB) is far below a reply's; the upload enforces its own limits as it streams.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = maxReplyBytes + MultipartOverheadBytes;
        }
        if (request.ContentLength > maxReplyBytes + MultipartOverheadBytes)
        {
            return Problem.TooLarge($"The request is {request.ContentLength:N0} bytes; a reply is at most {maxReplyBytes:N0} bytes of files.");
        }
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return new Problem(415, "Unsupported media type", "Send the reply as multipart/form-data with one or more files.");
        }
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 200)
        {
            return Problem.Invalid("The multipart/form-data content type has no valid boundary.");
        }

        var reader = new MultipartReader(boundary, request.Body, ReadBufferBytes) { HeadersLengthLimit = 16 * 1024, HeadersCountLimit = 16, BodyLengthLimit = null };
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!PartHeaders.TryRead(section, out var name, out var fileName))
                {
                    return Problem.Invalid("Every part of the form needs a well-formed Content-Disposition: form-data header with a name.");
                }
                var isFile = fileName is not null;
                if (isFile != (name == FilesPart))
                {
                    // Files come only in "files" parts (as many as the reply has), and "files" parts only hold files.
                    return Problem.Invalid(new Dictionary<string, string[]>
                    {
                        [TextRules.Shown(name)] = [isFile
                            ? $"The form has a file in a part named \"{TextRules.Shown(name)}\"; send every file in a part named \"{FilesPart}\"."
                            : $"The \"{FilesPart}\" part holds a file (with a file name), not text."],
                    });
                }
                Problem? problem;
                if (isFile)
                {
                    problem = await upload.AddFileAsync(fileName, section.Body, cancellationToken);
                }
                else
                {
                    var bytes = await ReadFieldAsync(section.Body, cancellationToken);
                    problem = StrictUtf8.Refusal(bytes, $"\"{TextRules.Shown(name)}\" field") is { } encoding
                        ? Problem.Invalid(encoding)
                        : upload.AddField(name, StrictUtf8.Decode(bytes));
                }
                if (problem is not null)
                {
                    return problem;
                }
            }
            return null;
        }
        catch (FieldTooLongException)
        {
            return Problem.TooLarge($"A text field of the form is longer than {ReplyUpload.MaxFieldBytes:N0} bytes.");
        }
        catch (InvalidDataException ex)
        {
            return Problem.Invalid("The multipart body is malformed: " + ex.Message);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problem.TooLarge($"The request is larger than {maxReplyBytes + MultipartOverheadBytes:N0} bytes.");
        }
        catch (IOException ex) when (ex is not UploadLimitExceededException)
        {
            // A body that ends before its closing boundary, or a client that went away mid-upload.
            return Problem.Invalid("The request body ended before the multipart form was complete: " + ex.Message);
        }
    }

    /// <summary>The name of the parts that carry a reply's files.</summary>
    public const string FilesPart = "files";

    private static async Task<byte[]> ReadFieldAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[ReplyUpload.MaxFieldBytes + 1];
        int filled = 0;
        while (filled < buffer.Length)
        {
            int read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                break;
            }
            filled += read;
        }
        if (filled > ReplyUpload.MaxFieldBytes)
        {
            throw new FieldTooLongException();
        }
        return buffer[..filled];
    }

    private sealed class FieldTooLongException : Exception;

    public static IActionResult Download(Outcome<ReplyFileDownload> outcome, HttpRequest request)
    {
        if (!outcome.Succeeded)
        {
            return HttpResults.Problem(outcome.Problem!, request);
        }
        var file = outcome.Value!;
        request.HttpContext.Response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(file.Sha256))}:";
        return new FileStreamResult(file.Content, file.ContentType) { FileDownloadName = file.FileName };
    }

    /// <summary>The receipt as signed JSON (a download) or, with ?format=html, as a page a person can read and print.</summary>
    public static IActionResult Receipt(Outcome<SignedReceipt> outcome, HttpRequest request)
    {
        if (!outcome.Succeeded)
        {
            return HttpResults.Problem(outcome.Problem!, request);
        }
        var receipt = outcome.Value!;
        if (string.Equals(request.Query["format"], "html", StringComparison.OrdinalIgnoreCase))
        {
            return new ContentResult { Content = ReceiptPage.Render(receipt), ContentType = "text/html; charset=utf-8", StatusCode = 200 };
        }
        request.HttpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"{receipt.Receipt.ReceiptId}.json\"";
        return new ContentResult { Content = receipt.ToJson(), ContentType = "application/json; charset=utf-8", StatusCode = 200 };
    }
}

/// <summary>A receipt as a plain, printable HTML page.</summary>
public static class ReceiptPage
{
    public static string Render(SignedReceipt signed)
    {
        var r = signed.Receipt;
        static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
        var html = new StringBuilder();
        html.Append($"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Receipt {E(r.ReceiptId)}</title>
            <style>{HtmlStyles.Receipt}</style></head>
            <body>
            <main>
            <h1>Receipt for a reply to {E(r.CommunicationReference)}</h1>
            <dl>
            <dt>Receipt</dt><dd>{E(r.ReceiptId)}</dd>
            <dt>Communication</dt><dd>{E(r.CommunicationReference)}</dd>
            <dt>Addressee</dt><dd>{E(r.AddresseeName)} ({E(r.AddresseeId)})</dd>
            <dt>Sent by</dt><dd>{E(r.SubmittedBy)}</dd>
            <dt>Received (UTC)</dt><dd><time datetime="{E(r.ReceivedAtUtc)}">{E(r.ReceivedAtUtc)}</time></dd>
            <dt>Received (Geneva)</dt><dd>{E(r.ReceivedAtGeneva)}</dd>
            <dt>{(r.OnTime ? "Reply window closes (UTC)" : "Reply window closed (UTC)")}</dt><dd>{E(r.WindowClosesAtUtc)}</dd>
            <dt>Status</dt><dd>{(r.OnTime ? "On time" : $"Late by {Plural.Days(r.DaysLate, "en")}")}</dd>
            {(r.ConfidentialityRequested is null ? "" : $"<dt>Confidentiality requested</dt><dd>{E(ConfidentialityCategories.InWords(r.ConfidentialityRequested, "en"))}</dd>")}
            </dl>
            <h2>Files</h2>
            <table><thead><tr><th scope="col">Name</th><th scope="col">Size (bytes)</th><th scope="col">Type</th><th scope="col">SHA-256</th></tr></thead><tbody>
            """);
        foreach (var f in r.Files)
        {
            html.Append($"<tr><td>{E(f.Name)}</td><td>{f.Size:N0}</td><td>{E(f.Type)}</td><td><code>{E(f.Sha256)}</code></td></tr>\n");
        }
        html.Append($"""
            </tbody></table>
            <h2>Signature</h2>
            <p>{E(signed.Signature.Algorithm)} with key <code>{E(signed.Signature.KeyId)}</code>:</p>
            <p><code>{E(signed.Signature.Value)}</code></p>
            <p>Download the receipt as JSON (without <code>?format=html</code>) and check it offline against the portal's public key
            (<code>/api/receipts/public-key</code>) with the <code>verify-receipt</code> command.</p>
            </main>
            </body>
            </html>
            """);
        return html.ToString();
    }
}
