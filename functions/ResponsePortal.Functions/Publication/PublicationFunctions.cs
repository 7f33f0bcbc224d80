using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ResponsePortal.Azure.Identity;
using ResponsePortal.Azure.Publication;
using ResponsePortal.Common;
using ResponsePortal.Functions.Http;
using ResponsePortal.Publication;

namespace ResponsePortal.Functions.Publication;

/// <summary>The publisher (a queue function on <c>publish</c>) and the secretariat's republish request.</summary>
public sealed class PublicationFunctions(CallerResolver callers, PublicationService publication, PortalMetrics metrics, ILogger<PublicationFunctions> logger)
{
    /// <summary>host.json extensions.queues.maxDequeueCount: after this attempt fails the host moves the job to publish-poison.</summary>
    public const int MaxDequeueCount = 5;

    /// <summary>
    /// Publishes one communication. A job that cannot apply (window still open, unknown slug, malformed message)
    /// is logged and dropped: retrying would not change the answer. Failures of storage throw and are retried.
    /// </summary>
    [Function(nameof(PublishCommunication))]
    public async Task PublishCommunication([QueueTrigger("publish")] string message, long dequeueCount, CancellationToken cancellationToken)
    {
        PublishRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<PublishRequest>(message, StoragePublishQueue.Json);
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "Publish job dropped: the message is not a PublishRequest");
            return;
        }
        if (request is null || string.IsNullOrWhiteSpace(request.Slug) || string.IsNullOrWhiteSpace(request.Reason))
        {
            logger.LogWarning("Publish job dropped: the message has no slug or reason");
            return;
        }
        Outcome<PublicationResult> outcome;
        try
        {
            outcome = await publication.PublishAsync(request, cancellationToken);
        }
        catch (Exception) when (dequeueCount >= MaxDequeueCount)
        {
            // Not handled here: the host moves the job to publish-poison, and operators are alerted by this count.
            metrics.PublicationPoisoned();
            throw;
        }
        if (outcome.Succeeded)
        {
            metrics.Published(outcome.Value!);
        }
        else
        {
            logger.LogWarning("Publish job for {Slug} ({Reason}) not applied: {Detail}", request.Slug, request.Reason, outcome.Problem!.Detail);
        }
    }

    /// <summary>Republishes a corrected communication; the note is shown on its public page with the date.</summary>
    [Function(nameof(RepublishCommunication))]
    public async Task<IActionResult> RepublishCommunication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "communications/{slug}/republish")] HttpRequest req, string slug, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        if (!access.Allowed)
        {
            return HttpResults.Problem(access.Problem!, req);
        }
        var (draft, problem) = await RequestReader.ReadJsonAsync<RepublishDraft>(req, cancellationToken);
        if (draft is null)
        {
            return HttpResults.Problem(problem!, req);
        }
        var outcome = await publication.RequestRepublishAsync(access.Caller!, slug, draft, cancellationToken);
        return outcome.Succeeded
            ? new JsonResult(outcome.Value, HttpResults.Json) { StatusCode = 202 }
            : HttpResults.Problem(outcome.Problem!, req);
    }

    /// <summary>Publications that failed and have not succeeded since, newest first, with their error.</summary>
    [Function(nameof(ListPublicationFailures))]
    public async Task<IActionResult> ListPublicationFailures(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "monitoring/publication-failures")] HttpRequest req, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        return access.Allowed
            ? HttpResults.Ok(new { failures = await publication.ListFailuresAsync(cancellationToken) })
            : HttpResults.Problem(access.Problem!, req);
    }

    /// <summary>Queues the failed publication of one communication again.</summary>
    [Function(nameof(RetryPublication))]
    public async Task<IActionResult> RetryPublication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "monitoring/publication-failures/{slug}/retry")] HttpRequest req, string slug, CancellationToken cancellationToken)
    {
        var access = await callers.CheckAsync(req, Allow.Secretariat, cancellationToken);
        if (!access.Allowed)
        {
            return HttpResults.Problem(access.Problem!, req);
        }
        var outcome = await publication.RetryAsync(access.Caller!, slug, cancellationToken);
        return outcome.Succeeded
            ? new JsonResult(outcome.Value, HttpResults.Json) { StatusCode = 202 }
            : HttpResults.Problem(outcome.Problem!, req);
    }
}
