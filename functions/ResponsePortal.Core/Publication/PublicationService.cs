using Microsoft.Extensions.Logging;
using ResponsePortal.Addressees;
using ResponsePortal.Audit;
using ResponsePortal.Common;
using ResponsePortal.Communications;
using ResponsePortal.Reminders;
using ResponsePortal.Replies;

namespace ResponsePortal.Publication;

public sealed record PublicationResult(string Slug, bool Changed, long? LogSequence, DateTimeOffset PublishedAt);

public sealed class RepublishDraft
{
    public string? Note { get; set; }
}

public sealed record RepublishAccepted(string Slug, DateTimeOffset RequestedAt, string Note);

public sealed record PublicationRetry(string Slug, DateTimeOffset RequestedAt);

/// <summary>
/// Publishes communications to the public site. Driven by state, never by the message alone: a communication is
/// published only once its window has closed (or it was already published), so a stray or repeated job is harmless.
/// </summary>
public sealed class PublicationService(
    ICommunicationRepository communications,
    IAddresseeRepository addressees,
    IReplyReader replies,
    IEventLog events,
    IPublicationLog log,
    IPublishQueue queue,
    SiteBuilder site,
    IPublisherLock publisherLock,
    IPublicationFailures failures,
    ClosureRecords closures,
    TimeProvider clock,
    ILogger<PublicationService> logger)
{
    public const int MaxNoteLength = 2000;

    public async Task<Outcome<PublicationResult>> PublishAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        if (request.SchemaVersion != PublishRequest.CurrentSchemaVersion)
        {
            return Problem.Invalid($"Publish requests of schema version {request.SchemaVersion} are not understood; this publisher reads version {PublishRequest.CurrentSchemaVersion}.");
        }
        if (!PublishReasons.All.Contains(request.Reason))
        {
            return Problem.Invalid($"\"{request.Reason}\" is not a publication reason; use {string.Join(", ", PublishReasons.All)}.");
        }
        await using var held = await publisherLock.AcquireAsync(cancellationToken);
        for (int attempt = 0; attempt < 5; attempt++)
        {
            var communication = await communications.FindAsync(request.Slug, cancellationToken);
            if (communication is null)
            {
                return await NotAppliedAsync(request, Problem.NotFound("communication " + request.Slug), cancellationToken);
            }
            if (communication.PublishedAt is null && !communication.Window.IsClosedAt(clock.GetUtcNow()))
            {
                return await NotAppliedAsync(request, Problem.Conflict($"{communication.Reference} is not published: its reply window is open until {communication.Window.ClosesAt:O}."), cancellationToken);
            }
            PublicationResult? result;
            try
            {
                result = await PublishOnceAsync(communication, request.Reason, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Recorded for the secretariat (monitoring lists it with a retry) and thrown on: the host retries,
                // then parks the job in publish-poison. Nothing of this communication reached the site.
                await RecordFailureAsync(request, ex, cancellationToken);
                throw;
            }
            if (result is not null)
            {
                // Only now, with the pages on the site and the communication marked, does the closure say Published,
                // and the failure recorded by an earlier attempt go. Neither depends on the other: together when the
                // site makes its calls side by side (one round trip fewer; a failure of either retries the job, and
                // publishing again changes nothing on the site).
                var clearing = failures.ClearAsync(request.Slug, cancellationToken);
                if (site.StorageConcurrency <= 1)
                {
                    await clearing;
                }
                await Task.WhenAll(clearing, closures.MarkPublishedAsync(request.Slug, cancellationToken));
                return result;
            }
        }
        throw new InvalidOperationException($"{request.Slug} kept changing while it was published; the job will be retried.");
    }

    /// <summary>
    /// Renders the communication and every page that shows it into memory, logs it, writes it, and only then
    /// records the publication on the communication: the portal never says "published" for a page the site does
    /// not hold. Null when the communication changed meanwhile (a reply arrived): the caller reads it again.
    /// </summary>
    private async Task<PublicationResult?> PublishOnceAsync(Communication communication, string reason, CancellationToken cancellationToken)
    {
        var firstTime = communication.PublishedAt is null;
        // Every file of the site is read at most once per publication, and its writes go out together at the end.
        var staged = new StagedSiteOutput(site.Output, site.StorageConcurrency);
        var builder = site.On(staged);
        // The site's record, the communication's facts and the log's head do not depend on each other: read together
        // (one after another when the site makes one storage call at a time).
        var together = site.StorageConcurrency > 1;
        var earlierRead = firstTime ? builder.ReadRecordAsync(communication.Slug, cancellationToken) : Task.FromResult<PublishedRecord?>(null);
        if (!together)
        {
            await earlierRead;
        }
        var loading = LoadAsync(communication, cancellationToken);
        if (!together)
        {
            await loading;
        }
        var heading = log.HeadAsync(cancellationToken);
        await Task.WhenAll(earlierRead, loading, heading);
        if (firstTime)
        {
            // A crash after the pages were written but before this mark: keep the instant the site already shows.
            communication.RecordPublication((await earlierRead)?.PublishedAt ?? clock.GetUtcNow());
        }
        var input = await loading;
        var head = await heading;
        var prepared = await builder.PrepareAsync(input, cancellationToken);
        await builder.ApplyAsync(prepared, cancellationToken, checkpoint: head);

        long? sequence = null;
        if (prepared.Changed || await staged.ChangesTargetAsync(cancellationToken))
        {
            // A log page this entry completes is final: written now, straight to the site, so that even if the
            // entry's own files never arrive (a crash after the append) what the entry commits to is there.
            var next = head.Sequence + 1;
            var completed = new RecordingSiteOutput(site.Output);
            await site.On(completed).WriteCompletedLogPagesAsync(log, next, site.CompletedChunkBefore(next), cancellationToken);
            var kind = prepared.NewPlaceholders.Count > 0 ? PublicationLogKinds.ConfidentialityPlaceholder
                : prepared.Previous is null ? PublicationLogKinds.Publication
                : reason == PublishReasons.LateReply ? PublicationLogKinds.LateReply
                : PublicationLogKinds.Republication;
            // The manifest, then the entry that commits to it, then the files: a crash in between is repaired by
            // the retry (a new entry rewrites the files), and the log never misses a file that reached the site.
            var entry = await AppendWithManifestAsync(head, communication.Slug, kind, prepared.Files, staged.Changes().With(completed.Changes()), cancellationToken);
            sequence = entry.Sequence;
            // The log page the head names is read while the files go out (it depends on the entry, not on them).
            var newestChunk = together ? site.ReadNewestLogChunkAsync(log, PublicationLogHead.Of(entry), cancellationToken) : null;
            await staged.CommitAsync(cancellationToken);
            site.StaticFilesPublished();
            await site.WriteLogHeadAsync(log, cancellationToken, PublicationLogHead.Of(entry), newestChunk);
            foreach (var replyId in prepared.NewPlaceholders)
            {
                logger.LogInformation("Reply {ReplyId} of {Slug} published as a confidentiality placeholder", replyId, communication.Slug);
            }
        }
        if (firstTime)
        {
            if (!await communications.TryUpdateAsync(communication, cancellationToken))
            {
                return null;
            }
            await events.AppendAsync(new CommunicationEvent(communication.Slug, communication.PublishedAt!.Value, PublicationEvents.Published, "system:publisher", new Dictionary<string, string>()), cancellationToken);
        }
        logger.LogInformation("Communication {Slug} published ({Reason}); changed {Changed}, log entry {Sequence}", communication.Slug, reason, prepared.Changed, sequence);
        return new PublicationResult(communication.Slug, prepared.Changed, sequence, communication.PublishedAt!.Value);
    }

    /// <summary>Writes the manifest where the next entry will point, appends the entry that commits to its hash.</summary>
    /// <param name="head">The head read under the publisher's lock: only the publisher appends, so the next entry is expected after it.</param>
    private async Task<PublicationLogEntry> AppendWithManifestAsync(PublicationLogHead head, string slug, string kind, IReadOnlyList<PublicationLogFile> files, PublicationManifest manifest, CancellationToken cancellationToken)
    {
        var bytes = manifest.ToBytes();
        var expected = head.Sequence + 1;
        await site.Output.WriteAsync(PublicationManifest.PathOf(expected), bytes, SiteContentTypes.For(".json"), cancellationToken);
        var entry = await log.AppendAsync(clock.GetUtcNow(), slug, kind, files, cancellationToken, SiteBuilder.Sha256(bytes));
        if (entry.Sequence != expected)
        {
            await site.Output.WriteAsync(PublicationManifest.PathOf(entry.Sequence), bytes, SiteContentTypes.For(".json"), cancellationToken);
        }
        return entry;
    }

    /// <summary>A job that cannot apply is dropped; a closure that led to it says why in the reminder log.</summary>
    private async Task<Outcome<PublicationResult>> NotAppliedAsync(PublishRequest request, Problem problem, CancellationToken cancellationToken)
    {
        await closures.MarkFailedAsync(request.Slug, "Publication not applied: " + problem.Detail, cancellationToken);
        return problem;
    }

    private async Task RecordFailureAsync(PublishRequest request, Exception ex, CancellationToken cancellationToken)
    {
        logger.LogError(ex, "Publication of {Slug} ({Reason}) failed; the other communications publish on", request.Slug, request.Reason);
        try
        {
            var error = $"{ex.GetType().Name}: {ex.Message}";
            await failures.RecordAsync(request.Slug, request.Reason, error, clock.GetUtcNow(), cancellationToken);
            await closures.MarkFailedAsync(request.Slug, "Publication failed, it will be retried: " + error, cancellationToken);
        }
        catch (Exception recordEx) when (recordEx is not OperationCanceledException)
        {
            // Storage is away as well: the log line above is all there is, and the host retries the job.
            logger.LogWarning(recordEx, "The failure of {Slug} could not be recorded for monitoring", request.Slug);
        }
    }

    /// <summary>The publications that failed and have not succeeded since, for the secretariat's monitoring.</summary>
    public Task<IReadOnlyList<PublicationFailure>> ListFailuresAsync(CancellationToken cancellationToken) => failures.ListAsync(cancellationToken);

    /// <summary>The secretariat asks for a failed publication to be tried again (after fixing its cause).</summary>
    public async Task<Outcome<PublicationRetry>> RetryAsync(Caller caller, string slug, CancellationToken cancellationToken)
    {
        var failure = await failures.FindAsync(slug, cancellationToken);
        if (failure is null)
        {
            return Problem.NotFound("failed publication " + slug);
        }
        var now = clock.GetUtcNow();
        await failures.MarkRetryRequestedAsync(slug, now, cancellationToken);
        await queue.EnqueueAsync(new PublishRequest(PublishRequest.CurrentSchemaVersion, slug, PublishReasons.Retry, now, caller.UserId), cancellationToken);
        logger.LogInformation("Retry of the publication of {Slug} requested by {UserId}", slug, caller.UserId);
        return new PublicationRetry(slug, now);
    }

    /// <summary>The secretariat corrected something: record the correction and queue a republication.</summary>
    public async Task<Outcome<RepublishAccepted>> RequestRepublishAsync(Caller caller, string slug, RepublishDraft draft, CancellationToken cancellationToken)
    {
        var note = draft.Note?.Trim();
        if (string.IsNullOrEmpty(note))
        {
            return Problem.Invalid(new Dictionary<string, string[]> { ["note"] = ["Say what was corrected; the note is shown on the public page."] });
        }
        if (note.Length > MaxNoteLength)
        {
            return Problem.Invalid(new Dictionary<string, string[]> { ["note"] = [$"The note is at most {MaxNoteLength} characters."] });
        }
        if (TextRules.Refusal(note, TextKind.MultiLine) is { } refusal)
        {
            return Problem.Invalid(new Dictionary<string, string[]> { ["note"] = ["The note " + refusal] });
        }
        var communication = await communications.FindAsync(slug, cancellationToken);
        if (communication is null)
        {
            return Problem.NotFound("communication " + slug);
        }
        if (communication.PublishedAt is null)
        {
            return Problem.Conflict($"{communication.Reference} is not published yet; it is published when its reply window closes, with every correction made until then.");
        }
        var now = clock.GetUtcNow();
        await events.AppendAsync(new CommunicationEvent(slug, now, PublicationEvents.Corrected, caller.UserId, new Dictionary<string, string> { ["note"] = note }), cancellationToken);
        await queue.EnqueueAsync(new PublishRequest(PublishRequest.CurrentSchemaVersion, slug, PublishReasons.Republish, now, caller.UserId), cancellationToken);
        return new RepublishAccepted(slug, now, note);
    }

    /// <summary>
    /// Renders the whole site again from storage (only published communications) and logs it as one entry whose
    /// manifest names every file written and every file removed. Earlier manifests stay: they are the history.
    /// With <paramref name="clean"/>, the files the rebuild did not write are removed once everything it wrote is in
    /// place: until then every page stays where visitors find it, even if the rebuild is stopped half-way (a rebuild
    /// that cleared <c>$web</c> first left the public site without pages for as long as it ran, and without them for
    /// good when it was killed). A path written again is overwritten, never deleted first.
    /// </summary>
    public async Task<SiteBuildStats> RebuildAsync(bool clean, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        await using var held = await publisherLock.AcquireAsync(cancellationToken);
        // Uploads pipelined up to the setting while the builder renders on; all done before the log commits to them.
        var uploads = new PipelinedSiteOutput(site.Output, site.StorageConcurrency);
        var recording = new RecordingSiteOutput(uploads);
        var builder = site.On(recording);
        var existing = new List<string>();
        if (clean)
        {
            await foreach (var path in site.Output.ListAsync(cancellationToken))
            {
                // Reports are not rendered from communications: a rebuild keeps them, and the entries that published them
                // still commit to them. The log's files (pages, manifests, head) only grow: the rebuild rewrites its pages
                // and then the head, which would be missing between its removal and the entry that follows.
                if (!IsLogPath(path) && !Reports.ReportPublisher.IsReportPath(path))
                {
                    existing.Add(path);
                }
            }
            progress?.Report($"{existing.Count} files on the site before the rebuild");
        }
        var inputs = new List<PublicationInput>();
        foreach (var communication in (await communications.ListAllAsync(cancellationToken)).Where(c => c.PublishedAt is not null))
        {
            inputs.Add(await LoadAsync(communication, cancellationToken));
        }
        // Publication order and each communication's feed checkpoint (the head before its latest entry) come from the log.
        var order = new Dictionary<string, long>(StringComparer.Ordinal);
        var checkpoints = new Dictionary<string, PublicationLogHead>(StringComparer.Ordinal);
        var head = await log.HeadAsync(cancellationToken);
        PublicationLogHead before = PublicationLogChain.Genesis;
        for (long from = 1; from <= head.Sequence; from += PublicationLogVerifier.BatchSize)
        {
            foreach (var entry in await log.ListAsync(from, from + PublicationLogVerifier.BatchSize - 1, cancellationToken))
            {
                if (entry.Slug.Length > 0)
                {
                    order.TryAdd(entry.Slug, entry.Sequence);
                    checkpoints[entry.Slug] = before;
                }
                before = PublicationLogHead.Of(entry);
            }
        }
        var stats = await builder.BuildAllAsync(inputs, null, progress, cancellationToken, order, checkpoints);
        var next = head.Sequence + 1;
        await builder.WriteCompletedLogPagesAsync(log, next, 0, cancellationToken);
        // Everything rendered is in place before anything is removed.
        await uploads.CompleteAsync(cancellationToken);
        var stale = existing.Where(path => !recording.Wrote(path)).ToList();
        foreach (var path in stale)
        {
            await recording.DeleteAsync(path, cancellationToken);
        }
        await uploads.CompleteAsync(cancellationToken);
        if (clean)
        {
            progress?.Report($"removed {stale.Count} files the rebuild no longer renders");
        }
        var changes = recording.Changes();
        var logged = await AppendWithManifestAsync(head, "", PublicationLogKinds.Rebuild, [], changes, cancellationToken);
        await site.WriteLogHeadAsync(log, cancellationToken, PublicationLogHead.Of(logged));
        progress?.Report($"log entry {logged.Sequence} commits to {changes.Written.Count} files");
        return stats;
    }

    /// <summary>A file of the publication log on the site, in any language: <c>log.json</c> and everything under <c>log/</c>.</summary>
    private static bool IsLogPath(string path)
    {
        var local = SiteCacheControl.WithoutLanguage(path);
        return local == "log.json" || local.StartsWith("log/", StringComparison.Ordinal);
    }

    private async Task<PublicationInput> LoadAsync(Communication communication, CancellationToken cancellationToken)
    {
        // Three independent reads: issued together.
        var addressee = addressees.FindAsync(communication.AddresseeId, cancellationToken);
        var received = replies.ListForCommunicationAsync(communication.Slug, cancellationToken);
        var history = events.ListAsync(communication.Slug, cancellationToken);
        await Task.WhenAll(addressee, received, history);
        return new PublicationInput(communication, (await addressee)?.Name ?? communication.AddresseeId, await received, await history);
    }
}

/// <summary>
/// One publisher at a time: a publish reads and rewrites shared listing shards, so two running at once (queue
/// batches, several instances) would lose updates.
/// </summary>
public interface IPublisherLock
{
    Task<IAsyncDisposable> AcquireAsync(CancellationToken cancellationToken);
}

/// <summary>Serialises publishers inside one process (tests, benchmarks, the DevHost commands).</summary>
public sealed class InProcessPublisherLock : IPublisherLock
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<IAsyncDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new Release(_gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            gate.Release();
            return ValueTask.CompletedTask;
        }
    }
}
