using Microsoft.Extensions.Logging;
using ResponsePortal.Addressees;
using ResponsePortal.Audit;
using ResponsePortal.Common;
using ResponsePortal.Communications;
using ResponsePortal.Replies;

namespace ResponsePortal.Publication;

public sealed record PublicationResult(string Slug, bool Changed, long? LogSequence, DateTimeOffset PublishedAt);

public sealed class RepublishDraft
{
    public string? Note { get; set; }
}

public sealed record RepublishAccepted(string Slug, DateTimeOffset RequestedAt, string Note);

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
        if (request.Reason is not (PublishReasons.WindowClosed or PublishReasons.LateReply or PublishReasons.Republish))
        {
            return Problem.Invalid($"\"{request.Reason}\" is not a publication reason; use {PublishReasons.WindowClosed}, {PublishReasons.LateReply} or {PublishReasons.Republish}.");
        }
        await using var held = await publisherLock.AcquireAsync(cancellationToken);
        var communication = await RecordPublicationAsync(request.Slug, cancellationToken);
        if (communication.Problem is not null)
        {
            return communication.Problem;
        }
        var published = communication.Value!;
        var input = await LoadAsync(published, cancellationToken);
        var prepared = await site.PrepareAsync(input, cancellationToken);
        long? sequence = null;
        if (prepared.Changed)
        {
            // The log entry is written before the files: a crash in between is repaired by the retry, and the
            // log never misses a file that reached the site.
            var now = clock.GetUtcNow();
            var kind = prepared.Previous is null ? PublicationLogKinds.Publication
                : request.Reason == PublishReasons.LateReply ? PublicationLogKinds.LateReply
                : PublicationLogKinds.Republication;
            sequence = (await log.AppendAsync(now, published.Slug, kind, prepared.Files, cancellationToken)).Sequence;
            foreach (var replyId in prepared.NewPlaceholders)
            {
                sequence = (await log.AppendAsync(now, published.Slug, PublicationLogKinds.ConfidentialityPlaceholder,
                    [new PublicationLogFile(SiteBuilder.RecordPath(published.Slug), prepared.Files.Single(f => f.Path == SiteBuilder.RecordPath(published.Slug)).Sha256)], cancellationToken)).Sequence;
                logger.LogInformation("Reply {ReplyId} of {Slug} published as a confidentiality placeholder", replyId, published.Slug);
            }
        }
        await site.ApplyAsync(prepared, cancellationToken);
        if (sequence is { } written)
        {
            await site.WriteLogAsync(log, written, cancellationToken);
        }
        logger.LogInformation("Communication {Slug} published ({Reason}); changed {Changed}, log entry {Sequence}", published.Slug, request.Reason, prepared.Changed, sequence);
        return new PublicationResult(published.Slug, prepared.Changed, sequence, published.PublishedAt!.Value);
    }

    private async Task<Outcome<Communication>> RecordPublicationAsync(string slug, CancellationToken cancellationToken)
    {
        for (int attempt = 0; attempt < 5; attempt++)
        {
            var communication = await communications.FindAsync(slug, cancellationToken);
            if (communication is null)
            {
                return Problem.NotFound("communication " + slug);
            }
            if (communication.PublishedAt is not null)
            {
                return communication;
            }
            var now = clock.GetUtcNow();
            if (!communication.Window.IsClosedAt(now))
            {
                return Problem.Conflict($"{communication.Reference} is not published: its reply window is open until {communication.Window.ClosesAt:O}.");
            }
            communication.RecordPublication(now);
            if (await communications.TryUpdateAsync(communication, cancellationToken))
            {
                await events.AppendAsync(new CommunicationEvent(slug, now, PublicationEvents.Published, "system:publisher", new Dictionary<string, string>()), cancellationToken);
                return communication;
            }
        }
        throw new InvalidOperationException($"{slug} kept changing while its publication was recorded; the job will be retried.");
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

    /// <summary>Renders the whole site again from storage. Only published communications are read into it.</summary>
    public async Task<SiteBuildStats> RebuildAsync(bool clean, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        await using var held = await publisherLock.AcquireAsync(cancellationToken);
        if (clean)
        {
            var stale = new List<string>();
            await foreach (var path in site.Output.ListAsync(cancellationToken))
            {
                stale.Add(path);
            }
            foreach (var path in stale)
            {
                await site.Output.DeleteAsync(path, cancellationToken);
            }
            progress?.Report($"cleared {stale.Count} files");
        }
        var inputs = new List<PublicationInput>();
        foreach (var communication in (await communications.ListAllAsync(cancellationToken)).Where(c => c.PublishedAt is not null))
        {
            inputs.Add(await LoadAsync(communication, cancellationToken));
        }
        var order = new Dictionary<string, long>(StringComparer.Ordinal);
        var head = await log.HeadAsync(cancellationToken);
        for (long from = 1; from <= head.Sequence; from += PublicationLogVerifier.BatchSize)
        {
            foreach (var entry in await log.ListAsync(from, from + PublicationLogVerifier.BatchSize - 1, cancellationToken))
            {
                order.TryAdd(entry.Slug, entry.Sequence);
            }
        }
        return await site.BuildAllAsync(inputs, log, progress, cancellationToken, order);
    }

    private async Task<PublicationInput> LoadAsync(Communication communication, CancellationToken cancellationToken)
    {
        var addressee = await addressees.FindAsync(communication.AddresseeId, cancellationToken);
        var received = await replies.ListForCommunicationAsync(communication.Slug, cancellationToken);
        var history = await events.ListAsync(communication.Slug, cancellationToken);
        return new PublicationInput(communication, addressee?.Name ?? communication.AddresseeId, received, history);
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
