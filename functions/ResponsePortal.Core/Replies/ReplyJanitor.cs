using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ResponsePortal.Documents;

namespace ResponsePortal.Replies;

/// <summary>What one janitor run did.</summary>
public sealed record ReplyJanitorRun(DateTimeOffset At, int RepliesRepaired, int UploadsRemoved, int OrphanFilesRemoved)
{
    public bool DidAnything => RepliesRepaired + UploadsRemoved + OrphanFilesRemoved > 0;
}

/// <summary>
/// Finishes what a host that died left of an upload (ADR 0103), once the upload's lease has run out (and
/// <see cref="Grace"/> after): a stored reply
/// whose outbox row is still pending gets its count, events, key and late publication; an upload that never
/// stored its reply is given up (so it can never store it later), its committed files are removed and its
/// Idempotency-Key is freed. Run by a timer; every step can be repeated.
/// </summary>
public sealed class ReplyJanitor(
    IReplyRepository replies,
    [FromKeyedServices(ReplyDocuments.Key)] IDocumentStore documents,
    ReplyConsequences consequences,
    IReplyJanitorLog log,
    TimeProvider clock,
    ILogger<ReplyJanitor> logger)
{
    /// <summary>
    /// How long after its lease ran out the janitor waits before it gives an upload up. A retry with the same key
    /// takes over at the end of the lease (its client has given the first request up); the janitor has no such
    /// evidence, so it leaves a host that is only very slow (renewals late under load) a further minute.
    /// </summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(60);

    public async Task<ReplyJanitorRun> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        int repaired = 0, removed = 0, files = 0;
        foreach (var upload in await replies.ListUploadsAsync(cancellationToken))
        {
            if (upload.IsLeasedAt(now - Grace))
            {
                continue;
            }
            try
            {
                var state = await replies.GiveUpAsync(upload.Slug, upload.ReplyId, now, cancellationToken);
                if (state == ReplyOutboxState.Pending)
                {
                    if (await replies.FindAsync(upload.Slug, upload.ReplyId, cancellationToken) is { } stored)
                    {
                        await consequences.ApplyAsync(stored, upload.IdempotencyKey, cancellationToken);
                        repaired++;
                        logger.LogWarning("Reply {ReplyId} to {Slug} was stored by a host that stopped before recording it; repaired", upload.ReplyId, upload.Slug);
                        continue;
                    }
                }
                else
                {
                    var deleted = await documents.DeleteAllUnderAsync($"{upload.Slug}/{upload.ReplyId}/", cancellationToken);
                    if (upload.IdempotencyKey is not null)
                    {
                        await replies.ReleaseClaimAsync(upload.AddresseeId, upload.Slug, upload.IdempotencyKey, upload.ReplyId, cancellationToken);
                    }
                    files += deleted;
                    removed++;
                    logger.LogWarning("Upload {ReplyId} to {Slug} died with its host (lease ran out at {LeaseUntil:O}); {FileCount} orphan files removed",
                        upload.ReplyId, upload.Slug, upload.LeaseUntil, deleted);
                }
                await replies.EndUploadAsync(upload.ReplyId, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One upload that cannot be finished now must not keep the others waiting; the next run tries again.
                logger.LogError(ex, "The reply janitor could not finish upload {ReplyId} to {Slug}", upload.ReplyId, upload.Slug);
            }
        }
        var run = new ReplyJanitorRun(now, repaired, removed, files);
        if (run.DidAnything)
        {
            await log.AddAsync(run, cancellationToken);
        }
        return run;
    }
}
