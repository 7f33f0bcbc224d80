using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ResponsePortal.Audit;
using ResponsePortal.Common;
using ResponsePortal.Communications;
using ResponsePortal.Documents;
using ResponsePortal.Publication;

namespace ResponsePortal.Replies;

public sealed record ReplyFileView(int Index, string FileName, string ContentType, long Size, string Sha256);

public sealed record ConfidentialityView(string Category, string Reason, DateTimeOffset RequestedAt, string RequestedBy, string Status, ConfidentialityDecision? Decision);

/// <summary>A reply as the API shows it (blob names stay inside).</summary>
public sealed record ReplyView(
    string Id,
    string Slug,
    string AddresseeId,
    DateTimeOffset ReceivedAt,
    bool OnTime,
    int DaysLate,
    string? Note,
    string? Language,
    IReadOnlyList<ReplyFileView> Files,
    ConfidentialityView? Confidentiality,
    string ReceiptId,
    string SubmittedBy,
    SignedReceipt Receipt);

public sealed record ReplyFileDownload(Stream Content, string FileName, string ContentType, string Sha256);

public sealed class ConfidentialityDecisionDraft
{
    public bool? Accepted { get; init; }
    public string? Note { get; init; }
}

/// <summary>Reads replies for the secretariat (every letter) and an addressee (its own letters only), and records confidentiality decisions.</summary>
public sealed class ReplyQueries(
    ICommunicationRepository communications,
    IReplyRepository replies,
    [FromKeyedServices(ReplyDocuments.Key)] IDocumentStore documents,
    IEventLog events,
    ReceiptSigner signer,
    IPublishQueue publishQueue,
    TimeProvider clock)
{
    public const int MaxDecisionNoteLength = 4_000;

    public string PublicKeyPem => signer.PublicKeyPem;
    public string KeyId => signer.KeyId;

    public async Task<Outcome<IReadOnlyList<ReplyView>>> ListAsync(Caller caller, string slug, CancellationToken cancellationToken)
    {
        if (await FindVisibleAsync(caller, slug, cancellationToken) is null)
        {
            return Problem.NotFound("communication " + slug);
        }
        var list = await replies.ListStoredAsync(slug, cancellationToken);
        return list.Select(View).ToList();
    }

    public async Task<Outcome<ReplyView>> GetAsync(Caller caller, string slug, string replyId, CancellationToken cancellationToken)
    {
        var found = await FindReplyAsync(caller, slug, replyId, cancellationToken);
        return found is null ? Problem.NotFound("reply " + replyId) : View(found);
    }

    public async Task<Outcome<SignedReceipt>> GetReceiptAsync(Caller caller, string slug, string replyId, CancellationToken cancellationToken)
    {
        var found = await FindReplyAsync(caller, slug, replyId, cancellationToken);
        return found is null ? Problem.NotFound("receipt for reply " + replyId) : found.Receipt;
    }

    public async Task<Outcome<ReplyFileDownload>> OpenFileAsync(Caller caller, string slug, string replyId, string index, CancellationToken cancellationToken)
    {
        var found = await FindReplyAsync(caller, slug, replyId, cancellationToken);
        if (found is null || !int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1 || number > found.Reply.Files.Count)
        {
            return Problem.NotFound("file " + index + " of reply " + replyId);
        }
        var file = found.Reply.Files[number - 1];
        var content = await documents.OpenReadAsync(file.BlobName, cancellationToken);
        if (content is null)
        {
            return Problem.NotFound("stored file " + index + " of reply " + replyId);
        }
        await events.AppendAsync(new CommunicationEvent(slug, clock.GetUtcNow(), ReplyEvents.ReplyFileDownloaded, caller.UserId, new Dictionary<string, string>
        {
            ["role"] = caller.Role.ToString(),
            ["replyId"] = replyId,
            ["file"] = file.FileName,
        }), cancellationToken);
        return new ReplyFileDownload(content, file.FileName, file.ContentType, file.Sha256);
    }

    /// <summary>
    /// The secretariat accepts or refuses a request not to publish; the reply itself is not touched. When the letter is
    /// already public, the site is republished so the reply appears, or becomes a placeholder, as decided.
    /// </summary>
    public async Task<Outcome<ReplyView>> DecideConfidentialityAsync(Caller caller, string slug, string replyId, ConfidentialityDecisionDraft draft, CancellationToken cancellationToken)
    {
        if (await FindReplyWithCommunicationAsync(caller, slug, replyId, cancellationToken) is not { } found)
        {
            return Problem.NotFound("reply " + replyId);
        }
        var errors = new ValidationErrors();
        if (draft.Accepted is null)
        {
            errors.Add("accepted", "Say whether the request is accepted (true) or refused (false).");
        }
        if (draft.Note?.Length > MaxDecisionNoteLength)
        {
            errors.Add("note", $"The note is at most {MaxDecisionNoteLength:N0} characters.");
        }
        errors.Check("note", "The note", draft.Note, TextKind.MultiLine);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        if (found.Stored.Reply.Confidentiality is not { } request)
        {
            return Problem.Conflict("This reply carries no confidentiality request to decide on.");
        }
        // Reversing what the public site already shows (a reply appearing, or leaving for a placeholder) is the
        // decision most likely to be questioned later, so the secretariat says why, and the audit trail keeps it.
        var reverses = request.Decision is { } previous && previous.Accepted != draft.Accepted;
        if (reverses && found.Communication.PublishedAt is not null && string.IsNullOrWhiteSpace(draft.Note))
        {
            return Problem.Invalid(new Dictionary<string, string[]>
            {
                ["note"] = ["Reversing a decision on a published letter needs a note saying why."],
            });
        }
        var decision = new ConfidentialityDecision(draft.Accepted!.Value, caller.UserId, clock.GetUtcNow(), string.IsNullOrWhiteSpace(draft.Note) ? null : draft.Note.Trim());
        await replies.AddDecisionAsync(slug, replyId, decision, cancellationToken);
        var data = new Dictionary<string, string>
        {
            ["replyId"] = replyId,
            ["accepted"] = decision.Accepted ? "true" : "false",
            ["category"] = request.ReasonCategory,
        };
        if (reverses)
        {
            data["reverses"] = request.Decision!.Accepted ? "accepted" : "refused";
        }
        if (decision.Note is not null)
        {
            data["note"] = decision.Note;
        }
        await events.AppendAsync(new CommunicationEvent(slug, decision.DecidedAt, ReplyEvents.ConfidentialityDecided, caller.UserId, data), cancellationToken);
        await CountWithheldAsync(found.Communication, cancellationToken);
        if (found.Communication.PublishedAt is not null)
        {
            await publishQueue.EnqueueAsync(new PublishRequest(PublishRequest.CurrentSchemaVersion, slug, PublishReasons.Republish, decision.DecidedAt, caller.UserId), cancellationToken);
        }
        var updated = found.Stored with { Reply = found.Stored.Reply with { Confidentiality = found.Stored.Reply.Confidentiality with { Decision = decision } } };
        return View(updated);
    }

    /// <summary>Counts the withheld replies onto the communication (its reply status); retried when someone else updated it in between.</summary>
    private async Task CountWithheldAsync(Communication communication, CancellationToken cancellationToken)
    {
        for (int attempt = 1; attempt <= ReplyConsequences.MaxCountAttempts; attempt++)
        {
            var current = await communications.FindForAddresseeAsync(communication.AddresseeId, communication.Slug, cancellationToken);
            if (current is null)
            {
                return;
            }
            var stored = await replies.ListStoredAsync(communication.Slug, cancellationToken);
            var withheld = Math.Min(current.ReplyCount, stored.Count(r => r.Reply.Confidentiality?.WithholdsPublication == true));
            if (current.WithheldReplyCount == withheld)
            {
                return;
            }
            current.RecordWithheldReplies(withheld);
            if (await communications.TryUpdateAsync(current, cancellationToken))
            {
                return;
            }
        }
        throw new InvalidOperationException($"The decision on {communication.Slug} is recorded but its withheld count could not be updated: too many concurrent updates.");
    }

    private async Task<StoredReply?> FindReplyAsync(Caller caller, string slug, string replyId, CancellationToken cancellationToken)
        => (await FindReplyWithCommunicationAsync(caller, slug, replyId, cancellationToken))?.Stored;

    private async Task<(StoredReply Stored, Communication Communication)?> FindReplyWithCommunicationAsync(Caller caller, string slug, string replyId, CancellationToken cancellationToken)
    {
        var communication = await FindVisibleAsync(caller, slug, cancellationToken);
        if (communication is null)
        {
            return null;
        }
        var found = await replies.FindAsync(slug, replyId, cancellationToken);
        return found?.Reply.AddresseeId == communication.AddresseeId ? (found, communication) : null;
    }

    /// <summary>The secretariat sees every communication; an addressee only what lies in its own partition.</summary>
    private Task<Communication?> FindVisibleAsync(Caller caller, string slug, CancellationToken cancellationToken)
        => caller.IsSecretariat
            ? communications.FindAsync(slug, cancellationToken)
            : caller.AddresseeId is null ? Task.FromResult<Communication?>(null) : communications.FindForAddresseeAsync(caller.AddresseeId, slug, cancellationToken);

    public static ReplyView View(StoredReply stored)
    {
        var r = stored.Reply;
        var c = r.Confidentiality;
        return new ReplyView(r.Id, r.Slug, r.AddresseeId, r.ReceivedAt, !r.IsLate, r.DaysLate, r.Note, r.Language,
            r.Files.Select((f, i) => new ReplyFileView(i + 1, f.FileName, f.ContentType, f.Size, f.Sha256)).ToList(),
            c is null ? null : new ConfidentialityView(c.ReasonCategory, c.Reason, c.RequestedAt, c.RequestedBy,
                c.Decision is null ? "requested" : c.Decision.Accepted ? "accepted" : "refused", c.Decision),
            r.ReceiptId, r.SubmittedBy, stored.Receipt);
    }
}
