using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ResponsePortal.Azure.Identity;
using ResponsePortal.Communications;
using ResponsePortal.Functions.Http;

namespace ResponsePortal.Functions.Communications;

/// <summary>An addressee's own letters. Everything here reads only the caller's own partition.</summary>
public sealed class MyCommunicationFunctions(CallerResolver callers, CommunicationQueries queries)
{
    /// <summary>Who the signed-in user is, for the portal pages.</summary>
    [Function(nameof(GetMe))]
    public async Task<IActionResult> GetMe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me")] HttpRequest req, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.SecretariatOrAddressee, cancellationToken);
        return access.Allowed ? HttpResults.Ok(access.Caller!) : HttpResults.Problem(access.Problem!, req);
    }

    [Function(nameof(ListMyCommunications))]
    public async Task<IActionResult> ListMyCommunications(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/communications")] HttpRequest req, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Addressee, cancellationToken);
        return access.Allowed ? HttpResults.Ok(await queries.ListMineAsync(access.Caller!, cancellationToken)) : HttpResults.Problem(access.Problem!, req);
    }

    [Function(nameof(GetMyCommunication))]
    public async Task<IActionResult> GetMyCommunication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/communications/{slug}")] HttpRequest req, string slug, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Addressee, cancellationToken);
        return access.Allowed
            ? HttpResults.From(await queries.GetAsync(access.Caller!, slug, cancellationToken), req)
            : HttpResults.Problem(access.Problem!, req);
    }

    [Function(nameof(GetMyLetter))]
    public async Task<IActionResult> GetMyLetter(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/communications/{slug}/letter")] HttpRequest req, string slug, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Addressee, cancellationToken);
        return access.Allowed
            ? LetterForms.Download(await queries.OpenLetterAsync(access.Caller!, slug, cancellationToken), req)
            : HttpResults.Problem(access.Problem!, req);
    }
}
