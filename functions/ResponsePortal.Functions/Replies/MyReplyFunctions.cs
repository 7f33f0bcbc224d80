using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using ResponsePortal.Azure.Identity;
using ResponsePortal.Common;
using ResponsePortal.Functions.Http;
using ResponsePortal.Replies;

namespace ResponsePortal.Functions.Replies;

/// <summary>An addressee's replies to its own letters: upload, list, receipts and its own files. Another addressee's letter is 404.</summary>
public sealed class MyReplyFunctions(CallerResolver callers, ReplySubmission submission, ReplyQueries queries, IOptions<ReplyOptions> options, PortalMetrics metrics)
{
    /// <summary>Multipart: one or more files, optional note, language, confidentialityCategory and confidentialityReason.</summary>
    [Function(nameof(UploadReply))]
    public async Task<IActionResult> UploadReply(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/communications/{slug}/replies")] HttpRequest req, string slug, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Addressee, cancellationToken);
        if (!access.Allowed)
        {
            return HttpResults.Problem(access.Problem!, req);
        }
        var key = req.Headers.TryGetValue("Idempotency-Key", out var keyHeader) ? keyHeader.ToString() : null;
        var begun = await submission.BeginAsync(access.Caller!, slug, key, cancellationToken);
        if (!begun.Succeeded)
        {
            return HttpResults.Problem(begun.Problem!, req);
        }
        var upload = begun.Value!;
        if (upload.Replay is { } first)
        {
            return HttpResults.Ok(ReplyQueries.View(first));
        }
        try
        {
            var problem = await ReplyForms.ReadIntoAsync(req, upload, options.Value.StreamedCeiling, cancellationToken);
            if (problem is not null)
            {
                await upload.AbandonAsync();
                return HttpResults.Problem(problem.Status == 413 ? UploadSessionFunctions.WithUploadSessionsHint(problem, options.Value) : problem, req);
            }
            var outcome = await upload.CompleteAsync(cancellationToken);
            if (outcome.Succeeded) metrics.ReplyReceived(outcome.Value!.Reply.IsLate);
            return outcome.Succeeded
                ? HttpResults.Created($"/api/me/communications/{slug}/replies/{outcome.Value!.Reply.Id}/receipt", ReplyQueries.View(outcome.Value))
                : HttpResults.Problem(outcome.Problem!, req);
        }
        finally
        {
            // A client that went away or any failure before the record is written: nothing of this upload stays visible.
            await upload.AbandonAsync();
        }
    }

    [Function(nameof(ListMyReplies))]
    public async Task<IActionResult> ListMyReplies(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/communications/{slug}/replies")] HttpRequest req, string slug, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Addressee, cancellationToken);
        return access.Allowed ? HttpResults.From(await queries.ListAsync(access.Caller!, slug, cancellationToken), req) : HttpResults.Problem(access.Problem!, req);
    }

    /// <summary>The signed receipt as JSON, or as a page with ?format=html.</summary>
    [Function(nameof(GetMyReceipt))]
    public async Task<IActionResult> GetMyReceipt(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/communications/{slug}/replies/{replyId}/receipt")] HttpRequest req, string slug, string replyId, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Addressee, cancellationToken);
        return access.Allowed ? ReplyForms.Receipt(await queries.GetReceiptAsync(access.Caller!, slug, replyId, cancellationToken), req) : HttpResults.Problem(access.Problem!, req);
    }

    [Function(nameof(DownloadMyReplyFile))]
    public async Task<IActionResult> DownloadMyReplyFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/communications/{slug}/replies/{replyId}/files/{index}")] HttpRequest req, string slug, string replyId, string index, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Addressee, cancellationToken);
        return access.Allowed ? ReplyForms.Download(await queries.OpenFileAsync(access.Caller!, slug, replyId, index, cancellationToken), req) : HttpResults.Problem(access.Problem!, req);
    }
}
