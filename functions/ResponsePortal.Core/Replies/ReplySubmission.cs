using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResponsePortal.Addressees;
using ResponsePortal.Audit;
using ResponsePortal.Common;
using ResponsePortal.Communications;
using ResponsePortal.Documents;
using ResponsePortal.Publication;

namespace ResponsePortal.Replies;

/// <summary>The private container reply files are stored in (a keyed <see cref="IDocumentStore"/>).</summary>
public static class ReplyDocuments
{
    public const string Key = "replies";
}

/// <summary>
/// Receives an addressee's reply. <see cref="BeginAsync"/> checks the letter and the Idempotency-Key; the caller
/// then streams each file into the returned <see cref="ReplyUpload"/> and completes it. The reply record is
/// written only after every file is stored; a refused or abandoned upload deletes what it had stored.
/// </summary>
public sealed class ReplySubmission(
    ICommunicationRepository communications,
    IReplyRepository replies,
    [FromKeyedServices(ReplyDocuments.Key)] IDocumentStore documents,
    IAddresseeRepository addressees,
    IEventLog events,
    IPublishQueue publishQueue,
    ReceiptSigner signer,
    TimeProvider clock,
    IOptions<ReplyOptions> replyOptions,
    IOptions<PortalOptions> portalOptions,
    ILogger<ReplySubmission> logger)
{
    public const int MaxIdempotencyKeyLength = 200;
    /// <summary>An in-progress claim older than this belongs to a request that died; a retry may take it over.</summary>
    public static readonly TimeSpan StaleClaim = TimeSpan.FromHours(1);

    internal ICommunicationRepository Communications => communications;
    internal IReplyRepository Replies => replies;
    internal IDocumentStore Documents => documents;
    internal IAddresseeRepository Addressees => addressees;
    internal IEventLog Events => events;
    internal IPublishQueue PublishQueue => publishQueue;
    internal ReceiptSigner Signer => signer;
    internal TimeProvider Clock => clock;
    internal ReplyOptions Limits => replyOptions.Value;
    internal PortalOptions Portal => portalOptions.Value;
    internal ILogger Logger => logger;

    public async Task<Outcome<ReplyUpload>> BeginAsync(Caller caller, string slug, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (caller.AddresseeId is null)
        {
            return Problem.NotFound("communication " + slug);
        }
        var communication = await communications.FindForAddresseeAsync(caller.AddresseeId, slug, cancellationToken);
        if (communication is null)
        {
            return Problem.NotFound("communication " + slug);
        }
        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > MaxIdempotencyKeyLength || idempotencyKey.Any(c => c is < ' ' or > '~')))
        {
            return Problem.Invalid($"The Idempotency-Key header is 1 to {MaxIdempotencyKeyLength} printable ASCII characters.");
        }

        var now = clock.GetUtcNow();
        var replyId = Guid.CreateVersion7(now).ToString("N");
        if (idempotencyKey is not null)
        {
            var claim = await replies.ClaimAsync(caller.AddresseeId, slug, idempotencyKey, replyId, now, StaleClaim, cancellationToken);
            switch (claim.State)
            {
                case ClaimState.Completed:
                    var first = await replies.FindAsync(slug, claim.ReplyId, cancellationToken);
                    if (first is not null)
                    {
                        logger.LogInformation("Idempotency key replayed for reply {ReplyId} to {Slug}", claim.ReplyId, slug);
                        return ReplyUpload.Replayed(this, first);
                    }
                    // The key was completed for a reply that is not there (a crash between the two writes): refuse clearly.
                    return Problem.Conflict("This Idempotency-Key was used for an upload that did not complete; send the reply again with a new key.");
                case ClaimState.InProgress:
                    return new Problem(409, "Upload in progress",
                        "A reply with this Idempotency-Key is being received right now. Retry the same request in a moment to get its receipt.");
            }
        }
        return ReplyUpload.Start(this, caller, communication, replyId, idempotencyKey);
    }
}

/// <summary>One reply being received: files are streamed in one by one, then the reply is completed or abandoned.</summary>
public sealed class ReplyUpload
{
    public const int MaxNoteLength = 10_000;
    public const int MaxReasonLength = 4_000;
    public const int MaxFieldBytes = 64 * 1024;

    private readonly ReplySubmission _owner;
    private readonly Caller _caller = null!;
    private readonly Communication _communication = null!;
    private readonly string? _idempotencyKey;
    private readonly List<StoredDocument> _files = [];
    private readonly Dictionary<string, string> _fields = new(StringComparer.Ordinal);
    private long _totalBytes;
    private bool _finished;

    private ReplyUpload(ReplySubmission owner, string replyId, StoredReply? replayed, Caller? caller, Communication? communication, string? idempotencyKey)
    {
        _owner = owner;
        ReplyId = replyId;
        Replay = replayed;
        _idempotencyKey = idempotencyKey;
        if (caller is not null)
        {
            _caller = caller;
            _communication = communication!;
        }
        _finished = replayed is not null;
    }

    internal static ReplyUpload Start(ReplySubmission owner, Caller caller, Communication communication, string replyId, string? key)
        => new(owner, replyId, null, caller, communication, key);

    internal static ReplyUpload Replayed(ReplySubmission owner, StoredReply first) => new(owner, first.Reply.Id, first, null, null, null);

    public string ReplyId { get; }

    /// <summary>The reply stored earlier under the same Idempotency-Key; when set there is nothing to receive.</summary>
    public StoredReply? Replay { get; }

    public static IReadOnlyList<string> FieldNames { get; } = ["note", "language", "confidentialityCategory", "confidentialityReason"];

    public Problem? AddField(string name, string value)
    {
        if (!FieldNames.Contains(name, StringComparer.Ordinal))
        {
            return Problem.Invalid($"Unknown form field \"{TextRules.Shown(name)}\". A reply has files and the fields {string.Join(", ", FieldNames)}.");
        }
        if (!_fields.TryAdd(name, value))
        {
            return Problem.Invalid($"The field \"{name}\" is given twice.");
        }
        return null;
    }

    /// <summary>Stores one file, checking its type by content and the size limits while it streams.</summary>
    public async Task<Problem?> AddFileAsync(string? fileName, Stream content, CancellationToken cancellationToken)
    {
        var limits = _owner.Limits;
        if (_files.Count >= limits.MaxFiles)
        {
            return Problem.TooLarge($"A reply has at most {limits.MaxFiles} files.");
        }
        if (FileNameRules.Refusal(fileName) is { } nameRefusal)
        {
            return Problem.Invalid(nameRefusal);
        }
        var displayName = FileNames.ForDisplay(fileName);
        var sniffed = await SniffedUpload.ReadAsync(content, cancellationToken);
        if (sniffed.Head.IsEmpty)
        {
            return Problem.Invalid($"The file \"{displayName}\" is empty (0 bytes).");
        }
        var format = DocumentSniffer.Identify(sniffed.Head.Span, out var refusal);
        if (format is null)
        {
            return Problem.UnsupportedType($"\"{displayName}\": {refusal} Accepted: {DocumentSniffer.Accepted}.");
        }

        var allowed = Math.Min(limits.MaxFileBytes, limits.MaxReplyBytes - _totalBytes);
        var blobName = $"{_communication.Slug}/{ReplyId}/{_files.Count + 1:D2}-{FileNames.ForStorage(displayName)}";
        try
        {
            var checkedContent = new LimitedStream(DocumentStructure.Checking(format, sniffed.Content), allowed);
            var stored = await _owner.Documents.StoreAsync(blobName, displayName, format.ContentType, checkedContent, cancellationToken);
            _files.Add(stored);
            _totalBytes += stored.Size;
            return null;
        }
        catch (DocumentStructureException ex)
        {
            return Problem.UnsupportedType($"\"{displayName}\": {ex.Message} Send the complete file again.");
        }
        catch (UploadLimitExceededException)
        {
            return limits.MaxReplyBytes - _totalBytes < limits.MaxFileBytes
                ? Problem.TooLarge($"The reply's files together exceed {limits.MaxReplyBytes:N0} bytes.")
                : Problem.TooLarge($"The file \"{displayName}\" exceeds {limits.MaxFileBytes:N0} bytes.");
        }
    }

    /// <summary>
    /// Adds a file that arrived another way and was already checked and hashed (a direct upload, <see cref="UploadSessions"/>):
    /// the limits are checked here, <paramref name="storeAs"/> stores it under the name this reply gives it, and from then
    /// on it is this upload's file like a streamed one (recorded on completion, deleted when abandoned).
    /// </summary>
    public async Task<Problem?> AddStoredFileAsync(string fileName, long size, Func<string, CancellationToken, Task<StoredDocument>> storeAs, CancellationToken cancellationToken)
    {
        var limits = _owner.Limits;
        var displayName = FileNames.ForDisplay(fileName);
        if (_files.Count >= limits.MaxFiles)
        {
            return Problem.TooLarge($"A reply has at most {limits.MaxFiles} files.");
        }
        if (size > limits.MaxFileBytes)
        {
            return Problem.TooLarge($"The file \"{displayName}\" exceeds {limits.MaxFileBytes:N0} bytes.");
        }
        if (_totalBytes + size > limits.MaxReplyBytes)
        {
            return Problem.TooLarge($"The reply's files together exceed {limits.MaxReplyBytes:N0} bytes.");
        }
        // The same names as AddFileAsync gives streamed files.
        var stored = await storeAs($"{_communication.Slug}/{ReplyId}/{_files.Count + 1:D2}-{FileNames.ForStorage(displayName)}", cancellationToken);
        _files.Add(stored);
        _totalBytes += stored.Size;
        return null;
    }

    /// <summary>Writes the reply record once every file is stored, issues the signed receipt and records the facts.</summary>
    public async Task<Outcome<StoredReply>> CompleteAsync(CancellationToken cancellationToken)
    {
        if (Replay is not null)
        {
            return Replay;
        }
        var errors = new ValidationErrors();
        if (_files.Count == 0)
        {
            errors.Add("files", "Attach at least one file.");
        }
        var note = Field("note");
        if (note?.Length > MaxNoteLength)
        {
            errors.Add("note", $"The note is at most {MaxNoteLength:N0} characters.");
        }
        errors.Check("note", "The note", note, TextKind.MultiLine);
        var language = Field("language");
        if (language is not null && (language.Length > 35 || !language.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            errors.Add("language", "Give the language as a tag such as en, fr or es-419.");
        }
        var category = Field("confidentialityCategory");
        var reason = Field("confidentialityReason");
        if (category is not null && !ConfidentialityCategories.IsKnown(category))
        {
            errors.Add("confidentialityCategory", "Choose one of: " + string.Join(", ", ConfidentialityCategories.All) + ".");
        }
        if (category is not null && reason is null)
        {
            errors.Add("confidentialityReason", "Say why the reply should not be published.");
        }
        if (category is null && reason is not null)
        {
            errors.Add("confidentialityCategory", "A confidentiality reason needs a category.");
        }
        if (reason?.Length > MaxReasonLength)
        {
            errors.Add("confidentialityReason", $"The reason is at most {MaxReasonLength:N0} characters.");
        }
        errors.Check("confidentialityReason", "The reason", reason, TextKind.MultiLine);
        if (errors.Any)
        {
            await AbandonAsync();
            return errors.ToProblem();
        }

        var now = _owner.Clock.GetUtcNow();
        var zone = _owner.Portal.SecretariatTimeZone();
        var daysLate = _communication.Window.DaysLate(now, zone);
        var confidentiality = category is null ? null : new ConfidentialityRequest(category, reason!, now, _caller.UserId, null);
        var reply = new Reply(ReplyId, _communication.Slug, _communication.AddresseeId, now, daysLate, note, language,
            _files.Select(f => new ReplyFile(f.BlobName, f.FileName, f.ContentType, f.Size, f.Sha256)).ToList(),
            confidentiality, "rcpt-" + ReplyId, _caller.UserId);
        var addresseeName = (await _owner.Addressees.FindAsync(_communication.AddresseeId, cancellationToken))?.Name ?? _communication.AddresseeId;
        var receipt = _owner.Signer.Sign(ReceiptFor(reply, addresseeName, zone));

        try
        {
            await _owner.Replies.AddAsync(reply, receipt, cancellationToken);
        }
        catch
        {
            await AbandonAsync();
            throw;
        }
        _finished = true;
        // From here the reply exists: the rest records consequences and must not be cut short by a client that leaves.
        var ct = CancellationToken.None;
        var communication = await RecordOnCommunicationAsync(reply, ct);
        await AppendEventsAsync(reply, ct);
        if (_idempotencyKey is not null)
        {
            await _owner.Replies.CompleteClaimAsync(reply.AddresseeId, reply.Slug, _idempotencyKey, reply.Id, ct);
        }
        if (communication?.PublishedAt is not null)
        {
            await _owner.PublishQueue.EnqueueAsync(new PublishRequest(PublishRequest.CurrentSchemaVersion, reply.Slug, PublishReasons.LateReply, now, _caller.UserId), ct);
        }
        _owner.Logger.LogInformation("Reply {ReplyId} to {Slug} stored: {FileCount} files, {Bytes} bytes, {DaysLate} days late",
            reply.Id, reply.Slug, reply.Files.Count, _totalBytes, daysLate);
        return new StoredReply(reply, receipt);
    }

    /// <summary>Deletes every file stored so far and frees the Idempotency-Key. Safe to call more than once.</summary>
    public async Task AbandonAsync()
    {
        if (_finished)
        {
            return;
        }
        _finished = true;
        foreach (var file in _files)
        {
            await _owner.Documents.DeleteAsync(file.BlobName, CancellationToken.None);
        }
        if (_idempotencyKey is not null)
        {
            await _owner.Replies.ReleaseClaimAsync(_communication.AddresseeId, _communication.Slug, _idempotencyKey, ReplyId, CancellationToken.None);
        }
        if (_files.Count > 0)
        {
            _owner.Logger.LogInformation("Reply {ReplyId} to {Slug} abandoned; {FileCount} stored files deleted", ReplyId, _communication.Slug, _files.Count);
        }
    }

    private string? Field(string name) => _fields.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>Counts the reply on its communication; retried on a concurrent update (ETag), so no count is lost.</summary>
    private async Task<Communication?> RecordOnCommunicationAsync(Reply reply, CancellationToken cancellationToken)
    {
        for (int attempt = 1; attempt <= 500; attempt++)
        {
            var current = await _owner.Communications.FindForAddresseeAsync(reply.AddresseeId, reply.Slug, cancellationToken);
            if (current is null)
            {
                return null;
            }
            current.RecordReply(reply.ReceivedAt);
            if (await _owner.Communications.TryUpdateAsync(current, cancellationToken))
            {
                return current;
            }
        }
        throw new InvalidOperationException($"Reply {reply.Id} is stored but could not be counted on {reply.Slug}: too many concurrent updates.");
    }

    private async Task AppendEventsAsync(Reply reply, CancellationToken cancellationToken)
    {
        var actor = _caller.UserId;
        var events = _owner.Events;
        await events.AppendAsync(new CommunicationEvent(reply.Slug, reply.ReceivedAt, ReplyEvents.ReplyReceived, actor, new Dictionary<string, string>
        {
            ["replyId"] = reply.Id,
            ["files"] = reply.Files.Count.ToString(CultureInfo.InvariantCulture),
            ["bytes"] = reply.Files.Sum(f => f.Size).ToString(CultureInfo.InvariantCulture),
            ["daysLate"] = reply.DaysLate.ToString(CultureInfo.InvariantCulture),
        }), cancellationToken);
        if (reply.Confidentiality is { } request)
        {
            await events.AppendAsync(new CommunicationEvent(reply.Slug, reply.ReceivedAt, ReplyEvents.ConfidentialityRequested, actor, new Dictionary<string, string>
            {
                ["replyId"] = reply.Id,
                ["category"] = request.ReasonCategory,
            }), cancellationToken);
        }
        await events.AppendAsync(new CommunicationEvent(reply.Slug, reply.ReceivedAt, ReplyEvents.ReceiptIssued, actor, new Dictionary<string, string>
        {
            ["replyId"] = reply.Id,
            ["receiptId"] = reply.ReceiptId,
            ["keyId"] = _owner.Signer.KeyId,
        }), cancellationToken);
    }

    private ReceiptPayload ReceiptFor(Reply reply, string addresseeName, TimeZoneInfo zone)
    {
        var inv = CultureInfo.InvariantCulture;
        var geneva = TimeZoneInfo.ConvertTime(reply.ReceivedAt, zone);
        return new ReceiptPayload(
            ReceiptPayload.CurrentVersion, reply.ReceiptId, reply.Id, _communication.Reference.ToString(), reply.Slug,
            reply.AddresseeId, addresseeName, reply.SubmittedBy,
            reply.ReceivedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", inv),
            geneva.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", inv) + " " + zone.Id,
            _communication.Window.ClosesAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", inv),
            !reply.IsLate, reply.DaysLate,
            reply.Files.Select(f => new ReceiptFile(f.FileName, f.Size, f.ContentType, f.Sha256)).ToList(),
            reply.Confidentiality?.ReasonCategory);
    }
}

public sealed class UploadLimitExceededException(long limit) : IOException($"The upload is larger than {limit:N0} bytes.")
{
    public long Limit { get; } = limit;
}

/// <summary>Passes a stream through and throws <see cref="UploadLimitExceededException"/> once more than the limit is read.</summary>
public sealed class LimitedStream(Stream inner, long limit) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int read)
    {
        _read += read;
        if (_read > limit)
        {
            throw new UploadLimitExceededException(limit);
        }
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
