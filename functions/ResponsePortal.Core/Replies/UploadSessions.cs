using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResponsePortal.Common;
using ResponsePortal.Communications;
using ResponsePortal.Documents;

namespace ResponsePortal.Replies;

/// <summary>
/// One file of a reply that the browser uploads straight to storage (the valet key pattern, ADR 0104): a staging blob
/// written through a short-lived write-only SAS, in blocks of <see cref="BlockSize"/> whose ids follow from their index,
/// so a client that lost its place can ask which blocks arrived and send only the others.
/// </summary>
public sealed record UploadSession(
    string Id,
    string AddresseeId,
    string Slug,
    string ReplyKey,
    string FileName,
    long Size,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string? ReplyId)
{
    /// <summary>4 MiB: on a 2 MB/s link a lost block costs two seconds, and a 100 MB file is 25 requests.</summary>
    public const int BlockSize = 4 * 1024 * 1024;

    public int BlockCount => (int)((Size + BlockSize - 1) / BlockSize);

    /// <summary>The staging blob's name: the session id, which already names the addressee, letter, key and file.</summary>
    public string StagingBlobName => Id;

    public long BlockLength(int index) => index < BlockCount - 1 ? BlockSize : Size - (long)BlockSize * (BlockCount - 1);

    /// <summary>Base64 of the index as six digits: every id has the same length (Put Block requires it) and the browser computes the same.</summary>
    public static string BlockId(int index) => Convert.ToBase64String(Encoding.ASCII.GetBytes(index.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)));

    public IReadOnlyList<string> BlockIds => Enumerable.Range(0, BlockCount).Select(BlockId).ToList();

    /// <summary>
    /// The same addressee, letter, reply key, file name and size give the same session: asking again renews the SAS and
    /// tells what arrived, which is how a reloaded page resumes.
    /// </summary>
    public static string IdFor(string addresseeId, string slug, string replyKey, string fileName, long size)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', addresseeId, slug, replyKey, fileName, size.ToString(System.Globalization.CultureInfo.InvariantCulture)))))[..32];
}

/// <summary>Upload sessions by addressee: another addressee's session id finds nothing.</summary>
public interface IUploadSessionStore
{
    /// <summary>Inserts the session unless one with its id exists; returns the stored one either way.</summary>
    Task<UploadSession> AddOrGetAsync(UploadSession session, CancellationToken cancellationToken);

    Task<UploadSession?> FindAsync(string addresseeId, string sessionId, CancellationToken cancellationToken);

    /// <summary>Records the reply the session's file became part of, so a repeated finalize answers with that reply.</summary>
    Task MarkUsedAsync(UploadSession session, string replyId, CancellationToken cancellationToken);
}

/// <summary>A write-only URL for one staging blob, valid until <see cref="ExpiresAt"/>.</summary>
public sealed record UploadGrant(Uri Url, DateTimeOffset ExpiresAt);

/// <summary>A staging blob as committed by the server: later reads and the copy refuse any other version.</summary>
public sealed record StagedFile(string BlobName, string Version, long Size);

/// <summary>The staging blob's content changed (a write through the SAS) while it was being checked: finalize again.</summary>
public sealed class StagedFileChangedException(string blobName, Exception? inner = null)
    : Exception($"The staged upload {blobName} changed while it was checked.", inner);

/// <summary>The staging container and the server-side copy into the write-once replies container.</summary>
public interface IUploadStaging
{
    /// <summary>
    /// A URL that can write blocks to this one blob and nothing else (not read it, not touch another blob), valid for
    /// <paramref name="lifetime"/> by the storage service's clock.
    /// </summary>
    Task<UploadGrant> GrantWriteAsync(string blobName, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>The blocks the service holds for the blob (uncommitted and committed), by block id, with their sizes.</summary>
    Task<IReadOnlyDictionary<string, long>> ReceivedBlocksAsync(string blobName, CancellationToken cancellationToken);

    /// <summary>Commits exactly these blocks in this order; throws <see cref="StagedFileChangedException"/> when one is missing.</summary>
    Task<StagedFile> CommitAsync(string blobName, IReadOnlyList<string> blockIds, CancellationToken cancellationToken);

    /// <summary>Reads the committed version; throws <see cref="StagedFileChangedException"/> if it is no longer the current one.</summary>
    Task<Stream> OpenReadAsync(StagedFile file, CancellationToken cancellationToken);

    /// <summary>
    /// Copies the staged version inside storage to the replies container under <paramref name="targetBlobName"/>, write-once,
    /// with its type, file name and hash; the bytes do not pass through the host.
    /// </summary>
    Task<StoredDocument> CopyToRepliesAsync(StagedFile file, string targetBlobName, string fileName, string contentType, string sha256, CancellationToken cancellationToken);

    Task DeleteAsync(string blobName, CancellationToken cancellationToken);
}

public sealed class UploadSessionRequest
{
    public string? FileName { get; init; }
    public long? Size { get; init; }
    /// <summary>The reply's client key: one per reply, shared by its files; it is the reply's Idempotency-Key.</summary>
    public string? ReplyKey { get; init; }
}

/// <summary>
/// What the browser needs to upload (or resume) one file. A session whose file is already part of a reply has that
/// reply's id, every block received and no URL: the client only asks for the reply again (and gets the same one).
/// </summary>
public sealed record UploadSessionGrant(
    string Id,
    string FileName,
    long Size,
    int BlockSize,
    int BlockCount,
    Uri? UploadUrl,
    DateTimeOffset? ExpiresAt,
    IReadOnlyList<int> ReceivedBlocks,
    string? ReplyId);

/// <summary>The reply made of uploaded files: the sessions in file order and the same fields as the multipart form.</summary>
public sealed class ReplyFromUploadsRequest
{
    public IReadOnlyList<string>? Sessions { get; init; }
    public string? Note { get; init; }
    public string? Language { get; init; }
    public string? ConfidentialityCategory { get; init; }
    public string? ConfidentialityReason { get; init; }
}

public sealed record FinalizedReply(StoredReply Stored, bool Created);

/// <summary>
/// Direct uploads (ADR 0104): <see cref="OpenAsync"/> grants a short-lived write-only SAS for one staging blob per file;
/// <see cref="FinalizeAsync"/> commits what arrived, checks and hashes it by reading it once, copies it inside storage to
/// the write-once replies container and makes the reply through <see cref="ReplySubmission"/>, exactly once per reply key.
/// </summary>
public sealed class UploadSessions(
    ICommunicationRepository communications,
    IUploadSessionStore sessions,
    IUploadStaging staging,
    ReplySubmission submission,
    TimeProvider clock,
    IOptions<ReplyOptions> options,
    ILogger<UploadSessions> logger)
{
    /// <summary>Short, so a leaked URL is worth little; a client renews it by asking for the session again.</summary>
    public static readonly TimeSpan GrantLifetime = TimeSpan.FromHours(1);

    private const int HashBufferBytes = 1024 * 1024;

    public async Task<Outcome<UploadSessionGrant>> OpenAsync(Caller caller, string slug, UploadSessionRequest request, CancellationToken cancellationToken)
    {
        if (caller.AddresseeId is null || await communications.FindForAddresseeAsync(caller.AddresseeId, slug, cancellationToken) is null)
        {
            return Problem.NotFound("communication " + slug);
        }
        var limits = options.Value;
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request.FileName))
        {
            errors.Add("fileName", "Give the file's name.");
        }
        else if (FileNameRules.Refusal(request.FileName) is { } nameRefusal)
        {
            errors.Add("fileName", nameRefusal);
        }
        if (request.Size is not > 0)
        {
            errors.Add("size", "Give the file's size in bytes; an empty file cannot be a reply.");
        }
        if (!IsValidKey(request.ReplyKey))
        {
            errors.Add("replyKey", $"Give the reply's key: 1 to {ReplySubmission.MaxIdempotencyKeyLength} printable ASCII characters, the same for every file of one reply.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var fileName = FileNames.ForDisplay(request.FileName);
        if (request.Size > limits.MaxFileBytes)
        {
            return Problem.TooLarge($"The file \"{fileName}\" is {request.Size:N0} bytes; a file is at most {limits.MaxFileBytes:N0} bytes.");
        }

        var now = clock.GetUtcNow();
        var id = UploadSession.IdFor(caller.AddresseeId, slug, request.ReplyKey!, fileName, request.Size!.Value);
        var session = await sessions.AddOrGetAsync(
            new UploadSession(id, caller.AddresseeId, slug, request.ReplyKey!, fileName, request.Size.Value, caller.UserId, now, null), cancellationToken);
        if (session.ReplyId is not null)
        {
            return new UploadSessionGrant(session.Id, session.FileName, session.Size, UploadSession.BlockSize, session.BlockCount, null, null,
                Enumerable.Range(0, session.BlockCount).ToList(), session.ReplyId);
        }
        var grant = await staging.GrantWriteAsync(session.StagingBlobName, GrantLifetime, cancellationToken);
        var received = ReceivedIndexes(session, await staging.ReceivedBlocksAsync(session.StagingBlobName, cancellationToken));
        logger.LogInformation("Upload session {SessionId} for {FileName} ({Size} bytes) to {Slug}: {Received} of {Blocks} blocks received",
            session.Id, session.FileName, session.Size, slug, received.Count, session.BlockCount);
        return new UploadSessionGrant(session.Id, session.FileName, session.Size, UploadSession.BlockSize, session.BlockCount, grant.Url, grant.ExpiresAt, received, null);
    }

    public async Task<Outcome<FinalizedReply>> FinalizeAsync(Caller caller, string slug, ReplyFromUploadsRequest request, CancellationToken cancellationToken)
    {
        if (caller.AddresseeId is null)
        {
            return Problem.NotFound("communication " + slug);
        }
        var limits = options.Value;
        var ids = request.Sessions ?? [];
        if (ids.Count == 0)
        {
            return Problem.Invalid(new Dictionary<string, string[]> { ["sessions"] = ["Give the upload session of every file of the reply, in order."] });
        }
        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count)
        {
            return Problem.Invalid(new Dictionary<string, string[]> { ["sessions"] = ["A session is given twice."] });
        }
        if (ids.Count > limits.MaxFiles)
        {
            return Problem.TooLarge($"A reply has at most {limits.MaxFiles} files.");
        }
        var found = new List<UploadSession>();
        foreach (var id in ids)
        {
            // Sessions are kept per addressee: another addressee's session id is simply not found.
            var session = id.Length is > 0 and <= 64 ? await sessions.FindAsync(caller.AddresseeId, id, cancellationToken) : null;
            if (session is null || session.Slug != slug)
            {
                return Problem.NotFound("upload session " + id);
            }
            found.Add(session);
        }
        if (found.Select(s => s.ReplyKey).Distinct(StringComparer.Ordinal).Count() != 1)
        {
            return Problem.Invalid(new Dictionary<string, string[]> { ["sessions"] = ["The sessions belong to different replies (their reply keys differ)."] });
        }
        if (found.Sum(s => s.Size) > limits.MaxReplyBytes)
        {
            return Problem.TooLarge($"The reply's files together exceed {limits.MaxReplyBytes:N0} bytes.");
        }

        var begun = await submission.BeginAsync(caller, slug, found[0].ReplyKey, cancellationToken);
        if (!begun.Succeeded)
        {
            return begun.Problem!;
        }
        var upload = begun.Value!;
        if (upload.Replay is { } first)
        {
            return await ReplayAsync(found, first);
        }
        try
        {
            foreach (var (name, value) in Fields(request))
            {
                if (upload.AddField(name, value) is { } fieldProblem)
                {
                    return fieldProblem;
                }
            }
            foreach (var session in found)
            {
                if (await AddFileAsync(upload, session, cancellationToken) is { } fileProblem)
                {
                    return fileProblem;
                }
            }
            var outcome = await upload.CompleteAsync(cancellationToken);
            if (!outcome.Succeeded)
            {
                return outcome.Problem!;
            }
            // The reply exists: what follows tidies up and must not be cut short by a client that leaves.
            foreach (var session in found)
            {
                await sessions.MarkUsedAsync(session, outcome.Value!.Reply.Id, CancellationToken.None);
                await staging.DeleteAsync(session.StagingBlobName, CancellationToken.None);
            }
            return new FinalizedReply(outcome.Value!, Created: true);
        }
        catch (StagedFileChangedException ex)
        {
            logger.LogWarning(ex, "A staged upload for a reply to {Slug} changed while it was finalized", slug);
            return Problem.Conflict("A file changed in storage while it was being checked (was it still being uploaded?). Finish the upload and finalize again.");
        }
        finally
        {
            // Nothing of a refused or failed finalize stays in the replies container; the staged uploads stay for a retry.
            await upload.AbandonAsync();
        }
    }

    private async Task<Outcome<FinalizedReply>> ReplayAsync(List<UploadSession> found, StoredReply first)
    {
        if (found.Any(s => s.ReplyId is not null && s.ReplyId != first.Reply.Id))
        {
            return new Problem(422, "Reply key already used for other files",
                "These upload sessions belong to another reply. Finalize each reply with its own sessions.");
        }
        if (found.Count != first.Reply.Files.Count || found.Zip(first.Reply.Files).Any(p => p.First.FileName != p.Second.FileName || p.First.Size != p.Second.Size))
        {
            return new Problem(422, "Reply key already used for other files",
                $"A reply with other files was already made with this reply key (reply {first.Reply.Id}). Start a new reply with a new key.");
        }
        // A finalize that stopped after the reply was stored left these undone; doing them again is harmless.
        foreach (var session in found.Where(s => s.ReplyId is null))
        {
            await sessions.MarkUsedAsync(session, first.Reply.Id, CancellationToken.None);
            await staging.DeleteAsync(session.StagingBlobName, CancellationToken.None);
        }
        logger.LogInformation("Finalize of reply {ReplyId} to {Slug} repeated; the first reply is returned", first.Reply.Id, first.Reply.Slug);
        return new FinalizedReply(first, Created: false);
    }

    /// <summary>Commits the file's blocks, checks its type exactly as the streamed path does, hashes it and copies it into the reply.</summary>
    private async Task<Problem?> AddFileAsync(ReplyUpload upload, UploadSession session, CancellationToken cancellationToken)
    {
        var received = ReceivedIndexes(session, await staging.ReceivedBlocksAsync(session.StagingBlobName, cancellationToken));
        if (received.Count != session.BlockCount)
        {
            var missing = Enumerable.Range(0, session.BlockCount).Except(received).ToList();
            return new Problem(409, "Upload not complete",
                $"The file \"{session.FileName}\" is not completely uploaded: {missing.Count} of {session.BlockCount} blocks are missing. Upload them and finalize again.",
                new Dictionary<string, string[]> { [session.Id] = missing.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray() });
        }
        var staged = await staging.CommitAsync(session.StagingBlobName, session.BlockIds, cancellationToken);

        DocumentFormat? format;
        string sha256;
        long size;
        await using (var content = await staging.OpenReadAsync(staged, cancellationToken))
        {
            var sniffed = await SniffedUpload.ReadAsync(content, cancellationToken);
            format = DocumentSniffer.Identify(sniffed.Head.Span, out var refusal);
            if (format is null)
            {
                // It can never become acceptable: drop it now rather than wait for the lifecycle rule.
                await staging.DeleteAsync(session.StagingBlobName, CancellationToken.None);
                return Problem.UnsupportedType($"\"{session.FileName}\": {refusal} Accepted: {DocumentSniffer.Accepted}.");
            }
            try
            {
                // The same structure check as the streamed path: a truncated PDF or a zip without its main part is refused.
                (size, sha256) = await HashAsync(DocumentStructure.Checking(format, sniffed.Content), cancellationToken);
            }
            catch (DocumentStructureException ex)
            {
                await staging.DeleteAsync(session.StagingBlobName, CancellationToken.None);
                return Problem.UnsupportedType($"\"{session.FileName}\": {ex.Message} Send the complete file again.");
            }
            if (size != session.Size)
            {
                throw new StagedFileChangedException(session.StagingBlobName);
            }
        }
        return await upload.AddStoredFileAsync(session.FileName, staged.Size,
            (blobName, ct) => staging.CopyToRepliesAsync(staged, blobName, session.FileName, format.ContentType, sha256, ct), cancellationToken);
    }

    private static async Task<(long Size, string Sha256)> HashAsync(Stream content, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(HashBufferBytes);
        long size = 0;
        try
        {
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(0, HashBufferBytes), cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                size += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return (size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>The indexes of blocks that arrived whole: a block of the wrong size (a client bug) counts as missing.</summary>
    private static List<int> ReceivedIndexes(UploadSession session, IReadOnlyDictionary<string, long> blocks)
        => Enumerable.Range(0, session.BlockCount)
            .Where(i => blocks.TryGetValue(UploadSession.BlockId(i), out var size) && size == session.BlockLength(i))
            .ToList();

    private static IEnumerable<(string Name, string Value)> Fields(ReplyFromUploadsRequest request)
    {
        if (request.Note is not null) yield return ("note", request.Note);
        if (request.Language is not null) yield return ("language", request.Language);
        if (request.ConfidentialityCategory is not null) yield return ("confidentialityCategory", request.ConfidentialityCategory);
        if (request.ConfidentialityReason is not null) yield return ("confidentialityReason", request.ConfidentialityReason);
    }

    private static bool IsValidKey(string? key)
        => key is { Length: > 0 and <= ReplySubmission.MaxIdempotencyKeyLength } && key.All(c => c is >= ' ' and <= '~');
}
