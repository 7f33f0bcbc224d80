using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ResponsePortal.Azure.Identity;
using ResponsePortal.Common;
using ResponsePortal.Functions.Http;
using ResponsePortal.Replies;

namespace ResponsePortal.Functions.Replies;

/// <summary>
/// Direct uploads (the valet key pattern, ADR 0104): the browser gets a write-only URL per file, sends the blocks straight
/// to storage, and then asks for the reply to be made from them. No file byte passes through these functions.
/// </summary>
public sealed class UploadSessionFunctions(CallerResolver callers, UploadSessions uploads)
{
    /// <summary>JSON {fileName, size, replyKey}: a session for one file, or the same session again with a fresh URL and the blocks already received.</summary>
    [Function(nameof(OpenUploadSession))]
    public async Task<IActionResult> OpenUploadSession(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/communications/{slug}/uploads")] HttpRequest req, string slug, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Addressee, cancellationToken);
        if (!access.Allowed)
        {
            return HttpResults.Problem(access.Problem!, req);
        }
        var (request, problem) = await RequestReader.ReadJsonAsync<UploadSessionRequest>(req, cancellationToken);
        if (problem is not null)
        {
            return HttpResults.Problem(problem, req);
        }
        return HttpResults.From(await uploads.OpenAsync(access.Caller!, slug, request!, cancellationToken), req);
    }

    /// <summary>JSON {sessions, note, language, confidentialityCategory, confidentialityReason}: 201 with the reply, or 200 with the same reply when repeated.</summary>
    [Function(nameof(ReplyFromUploads))]
    public async Task<IActionResult> ReplyFromUploads(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/communications/{slug}/replies/from-uploads")] HttpRequest req, string slug, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Addressee, cancellationToken);
        if (!access.Allowed)
        {
            return HttpResults.Problem(access.Problem!, req);
        }
        var (request, problem) = await RequestReader.ReadJsonAsync<ReplyFromUploadsRequest>(req, cancellationToken);
        if (problem is not null)
        {
            return HttpResults.Problem(problem, req);
        }
        var outcome = await uploads.FinalizeAsync(access.Caller!, slug, request!, cancellationToken);
        if (!outcome.Succeeded)
        {
            return HttpResults.Problem(outcome.Problem!, req);
        }
        var (stored, created) = outcome.Value!;
        return created
            ? HttpResults.Created($"/api/me/communications/{slug}/replies/{stored.Reply.Id}/receipt", ReplyQueries.View(stored))
            : HttpResults.Ok(ReplyQueries.View(stored));
    }

    /// <summary>A multipart reply over the streamed ceiling is told where larger replies go.</summary>
    public static Problem WithUploadSessionsHint(Problem tooLarge, ReplyOptions limits)
        => limits.StreamedCeiling < limits.MaxReplyBytes
            ? tooLarge with
            {
                Detail = $"{tooLarge.Detail} One multipart request carries at most {limits.StreamedCeiling:N0} bytes; send a larger reply (up to {limits.MaxReplyBytes:N0} bytes) with upload sessions: POST …/uploads per file, then POST …/replies/from-uploads (docs/replies.md).",
            }
            : tooLarge;
}
