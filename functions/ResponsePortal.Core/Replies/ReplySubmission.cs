using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResponsePortal.Addressees;
using ResponsePortal.Common;
using ResponsePortal.Communications;
using ResponsePortal.Documents;

namespace ResponsePortal.Replies;

/// <summary>The private container reply files are stored in (a keyed <see cref="IDocumentStore"/>).</summary>
public static class ReplyDocuments
{
    public const string Key = "replies";
}

/// <summary>
/// Receives an addressee's reply. <see cref="BeginAsync"/> checks the letter and the Idempotency-Key and records the
/// upload with its lease; the caller then streams each file into the returned <see cref="ReplyUpload"/> and
/// completes it. The reply exists once its row is written (with its outbox row, ADR 0103); a refused or abandoned
/// upload deletes what it had stored, and one whose host died is finished by the <see cref="ReplyJanitor"/>.
/// </summary>
public sealed class ReplySubmission(
    ICommunicationRepository communications,
    IReplyRepository replies,
    [FromKeyedServices(ReplyDocuments.Key)] IDocumentStore documents,
    IAddresseeRepository addressees,
    ReplyConsequences consequences,
    ReceiptSigner signer,
    TimeProvider clock,
    IOptions<ReplyOptions> replyOptions,
    IOptions<PortalOptions> portalOptions,
    ILogger<ReplySubmission> logger)
{
    public const int MaxIdempotencyKeyLength = 200;

    internal IReplyRepository Replies => replies;
    internal IDocumentStore Documents => documents;
    internal IAddresseeRepository Addressees => addressees;
    internal ReplyConsequences Consequences => consequences;
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
        var upload = UploadInProgress.Start(Guid.CreateVersion7(now).ToString("N"), slug, communication.AddresseeId, caller.UserId, idempotencyKey, now);
        // Recorded before the key is claimed: a claim always points at an upload whose lease says whether it is alive.
        await replies.StartUploadAsync(upload, cancellationToken);
        if (idempotencyKey is null)
        {
            return ReplyUpload.Start(this, caller, communication, upload);
        }
        IdempotencyClaim claim;
        try
        {
            claim = await replies.ClaimAsync(caller.AddresseeId, slug, idempotencyKey, upload.ReplyId, now, cancellationToken);
        }
        catch
        {
            await replies.EndUploadAsync(upload.ReplyId, CancellationToken.None);
            throw;
        }
        if (claim.State == ClaimState.Claimed)
        {
            return ReplyUpload.Start(this, caller, communication, upload);
        }
        await replies.EndUploadAsync(upload.ReplyId, CancellationToken.None);
        if (claim.State == ClaimState.InProgress)
        {
            return new Problem(409, "Upload in progress",
                $"A reply with this Idempotency-Key is being received right now. Retry the same request in a moment (at most {UploadInProgress.LeaseDuration.TotalSeconds:N0} seconds if that upload was interrupted) to get its receipt.");
        }
        var first = await replies.FindAsync(slug, claim.ReplyId, cancellationToken);
        if (first is null)
        {
            return Problem.Conflict("This Idempotency-Key was used for an upload that did not complete; send the reply again with a new key.");
        }
        // A replay of the key repairs what a crash may have left undone after the reply was stored.
        if (await replies.FindOutboxAsync(slug, first.Reply.Id, cancellationToken) == ReplyOutboxState.Pending)
        {
            await consequences.ApplyAsync(first, idempotencyKey, CancellationToken.None);
            logger.LogInformation("Reply {ReplyId} to {Slug} repaired by a replay of its Idempotency-Key", first.Reply.Id, slug);
        }
        logger.LogInformation("Idempotency key replayed for reply {ReplyId} to {Slug}", first.Reply.Id, slug);
        return ReplyUpload.Replaying(this, first);
    }
}

/// <summary>
/// One reply being received: files are streamed in one by one, then the reply is completed or abandoned. While it
/// is received its lease is renewed every <see cref="UploadInProgress.RenewEvery"/>. A replay of an Idempotency-Key
/// reads the body too, only hashing it, to tell the same request (answered with the first reply) from a different one (422).
/// </summary>
public sealed class ReplyUpload
{
    public const int MaxNoteLength = 10_000;
    public const int MaxReasonLength = 4_000;
    public const int MaxFieldBytes = 64 * 1024;

    private readonly ReplySubmission _owner;
    private readonly Caller _caller = null!;
    private readonly Communication _communication = null!;
    private readonly UploadInProgress _upload = null!;
    private readonly List<StoredDocument> _files = [];
    private readonly List<(string FileName, long Size, string Sha256)> _replayedFiles = [];
    private readonly Dictionary<string, string> _fields = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopRenewing = new();
    private readonly Task _renewing = Task.CompletedTask;
    private long _totalBytes;
    private bool _finished;

    private ReplyUpload(ReplySubmission owner, StoredReply replayed)
    {
        _owner = owner;
        ReplyId = replayed.Reply.Id;
        Replay = replayed;
    }

    private ReplyUpload(ReplySubmission owner, Caller caller, Communication communication, UploadInProgress upload)
    {
        _owner = owner;
        ReplyId = upload.ReplyId;
        _caller = caller;
        _communication = communication;
        _upload = upload;
        _renewing = RenewLeaseAsync(_stopRenewing.Token);
    }

    internal static ReplyUpload Start(ReplySubmission owner, Caller caller, Communication communication, UploadInProgress upload)
        => new(owner, caller, communication, upload);

    internal static ReplyUpload Replaying(ReplySubmission owner, StoredReply first) => new(owner, first);

    public string ReplyId { get; }

    /// <summary>The reply stored earlier under the same Idempotency-Key; when set, nothing is stored.</summary>
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
        int count = Replay is null ? _files.Count : _replayedFiles.Count;
        if (count >= limits.MaxFiles)
        {
            return Problem.TooLarge($"A reply has at most {limits.MaxFiles} files.");
        }
        if (FileNameRules.Refusal(fileName) is { } nameRefusal)
        {
            return Problem.Invalid(nameRefusal);
        }
        var displayName = FileNames.ForDisplay(fileName);
        var allowed = Math.Min(limits.MaxFileBytes, limits.MaxReplyBytes - _totalBytes);
        try
        {
            if (Replay is not null)
            {
                var (size, sha256) = await HashAsync(new LimitedStream(content, allowed), cancellationToken);
                _replayedFiles.Add((displayName, size, sha256));
                _totalBytes += size;
                return null;
            }
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
            var blobName = $"{_communication.Slug}/{ReplyId}/{_files.Count + 1:D2}-{FileNames.ForStorage(displayName)}";
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

    /// <summary>
    /// Writes the reply record once every file is stored, issues the signed receipt and records the facts. For a
    /// replayed key: the first reply when this is the same request, 422 when it is a different one.
    /// </summary>
    public async Task<Outcome<StoredReply>> CompleteAsync(CancellationToken cancellationToken)
    {
        var note = Field("note");
        var language = Field("language");
        var category = Field("confidentialityCategory");
        var reason = Field("confidentialityReason");
        if (Replay is not null)
        {
            return RequestFingerprint.Of(note, language, category, reason, _replayedFiles) == RequestFingerprint.Of(Replay.Reply)
                ? Replay
                : new Problem(422, "Idempotency-Key already used for a different request",
                    "This Idempotency-Key was used for a reply with other files or fields. Repeat exactly the first request to get its receipt, or send this reply with a new key.");
        }
        var errors = new ValidationErrors();
        if (_files.Count == 0)
        {
            errors.Add("files", "Attach at least one file.");
        }
        if (note?.Length > MaxNoteLength)
        {
            errors.Add("note", $"The note is at most {MaxNoteLength:N0} characters.");
        }
        errors.Check("note", "The note", note, TextKind.MultiLine);
        if (language is not null && (language.Length > 35 || !language.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            errors.Add("language", "Give the language as a tag such as en, fr or es-419.");
        }
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

        bool stored;
        try
        {
            stored = await _owner.Replies.AddAsync(reply, receipt, _upload.IdempotencyKey, cancellationToken);
        }
        catch
        {
            await AbandonAsync();
            throw;
        }
        if (!stored)
        {
            _owner.Logger.LogWarning("Reply {ReplyId} to {Slug} was given up while it was received (its lease ran out); its files are removed", ReplyId, reply.Slug);
            await AbandonAsync();
            return Problem.Conflict("This upload took too long to finish and was given up. Send the reply again; the same Idempotency-Key may be used.");
        }
        _finished = true;
        await StopRenewingAsync();
        var result = new StoredReply(reply, receipt);
        // From here the reply exists: the rest follows from it, must not be cut short by a client that leaves, and
        // is finished by the janitor (from the outbox row) if it fails or the host dies now.
        try
        {
            await _owner.Consequences.ApplyAsync(result, _upload.IdempotencyKey, CancellationToken.None);
        }
        catch (Exception ex)
        {
            _owner.Logger.LogWarning(ex, "Reply {ReplyId} to {Slug} is stored; what follows from it is left to the reply janitor", reply.Id, reply.Slug);
        }
        _owner.Logger.LogInformation("Reply {ReplyId} to {Slug} stored: {FileCount} files, {Bytes} bytes, {DaysLate} days late",
            reply.Id, reply.Slug, reply.Files.Count, _totalBytes, daysLate);
        return result;
    }

    /// <summary>Deletes every file stored so far, frees the Idempotency-Key and ends the upload. Safe to call more than once.</summary>
    public async Task AbandonAsync()
    {
        if (_finished || Replay is not null)
        {
            return;
        }
        _finished = true;
        await StopRenewingAsync();
        foreach (var file in _files)
        {
            await _owner.Documents.DeleteAsync(file.BlobName, CancellationToken.None);
        }
        if (_upload.IdempotencyKey is not null)
        {
            await _owner.Replies.ReleaseClaimAsync(_communication.AddresseeId, _communication.Slug, _upload.IdempotencyKey, ReplyId, CancellationToken.None);
        }
        await _owner.Replies.EndUploadAsync(ReplyId, CancellationToken.None);
        if (_files.Count > 0)
        {
            _owner.Logger.LogInformation("Reply {ReplyId} to {Slug} abandoned; {FileCount} stored files deleted", ReplyId, _communication.Slug, _files.Count);
        }
    }

    private string? Field(string name) => _fields.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>Keeps the lease while this upload is received; a host that dies stops renewing it, and that is the point.</summary>
    private async Task RenewLeaseAsync(CancellationToken stop)
    {
        var upload = _upload;
        var wait = UploadInProgress.RenewEvery;
        while (true)
        {
            try
            {
                await Task.Delay(wait, _owner.Clock, stop);
                wait = UploadInProgress.RetryRenewalAfter;
                upload = upload.RenewedAt(_owner.Clock.GetUtcNow());
                if (!await _owner.Replies.RenewUploadAsync(upload, stop))
                {
                    _owner.Logger.LogWarning("Reply {ReplyId}: the upload's record is gone; its lease is no longer renewed", ReplyId);
                    return;
                }
                wait = UploadInProgress.RenewEvery;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // One failed renewal is not fatal: the lease lasts four renewal periods. Try again soon.
                _owner.Logger.LogWarning(ex, "Reply {ReplyId}: renewing the upload's lease failed", ReplyId);
            }
        }
    }

    private async Task StopRenewingAsync()
    {
        await _stopRenewing.CancelAsync();
        await _renewing;
        _stopRenewing.Dispose();
    }

    private static async Task<(long Size, string Sha256)> HashAsync(Stream content, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long size = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                size += read;
            }
            return (size, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
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
