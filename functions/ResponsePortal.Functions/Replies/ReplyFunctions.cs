using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ResponsePortal.Azure.Identity;
using ResponsePortal.Functions.Http;
using ResponsePortal.Replies;

namespace ResponsePortal.Functions.Replies;

/// <summary>The secretariat's view of replies, and its decisions on confidentiality requests.</summary>
public sealed class ReplyFunctions(CallerResolver callers, ReplyQueries queries)
{
    [Function(nameof(ListReplies))]
    public async Task<IActionResult> ListReplies(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "communications/{slug}/replies")] HttpRequest req, string slug, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        return access.Allowed ? HttpResults.From(await queries.ListAsync(access.Caller!, slug, cancellationToken), req) : HttpResults.Problem(access.Problem!, req);
    }

    [Function(nameof(GetReply))]
    public async Task<IActionResult> GetReply(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "communications/{slug}/replies/{replyId}")] HttpRequest req, string slug, string replyId, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        return access.Allowed ? HttpResults.From(await queries.GetAsync(access.Caller!, slug, replyId, cancellationToken), req) : HttpResults.Problem(access.Problem!, req);
    }

    [Function(nameof(GetReceipt))]
    public async Task<IActionResult> GetReceipt(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "communications/{slug}/replies/{replyId}/receipt")] HttpRequest req, string slug, string replyId, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        return access.Allowed ? ReplyForms.Receipt(await queries.GetReceiptAsync(access.Caller!, slug, replyId, cancellationToken), req) : HttpResults.Problem(access.Problem!, req);
    }

    [Function(nameof(DownloadReplyFile))]
    public async Task<IActionResult> DownloadReplyFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "communications/{slug}/replies/{replyId}/files/{index}")] HttpRequest req, string slug, string replyId, string index, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        return access.Allowed ? ReplyForms.Download(await queries.OpenFileAsync(access.Caller!, slug, replyId, index, cancellationToken), req) : HttpResults.Problem(access.Problem!, req);
    }

    /// <summary>Accepts or refuses a request not to publish: JSON {"accepted": true|false, "note": "..."}.</summary>
    [Function(nameof(DecideConfidentiality))]
    public async Task<IActionResult> DecideConfidentiality(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "communications/{slug}/replies/{replyId}/confidentiality")] HttpRequest req, string slug, string replyId, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        if (!access.Allowed)
        {
            return HttpResults.Problem(access.Problem!, req);
        }
        var (draft, problem) = await RequestReader.ReadJsonAsync<ConfidentialityDecisionDraft>(req, cancellationToken);
        return draft is null
            ? HttpResults.Problem(problem!, req)
            : HttpResults.From(await queries.DecideConfidentialityAsync(access.Caller!, slug, replyId, draft, cancellationToken), req);
    }
}
