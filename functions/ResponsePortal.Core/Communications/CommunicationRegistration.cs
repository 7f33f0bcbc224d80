using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResponsePortal.Addressees;
using ResponsePortal.Audit;
using ResponsePortal.Common;
using ResponsePortal.Deadlines;
using ResponsePortal.Documents;

namespace ResponsePortal.Communications;

/// <summary>Registers communications and cases: everything is checked before anything is stored.</summary>
public sealed partial class CommunicationRegistration(
    ICommunicationRepository communications,
    ICaseRepository cases,
    IAddresseeRepository addressees,
    IDocumentStore documents,
    IEventLog events,
    TimeProvider clock,
    IOptions<PortalOptions> options,
    ILogger<CommunicationRegistration> logger,
    IEnumerable<ICommunicationRegistered>? registeredHandlers = null)
{
    private readonly IReadOnlyList<ICommunicationRegistered> _registeredHandlers = registeredHandlers?.ToList() ?? [];

    private readonly PortalOptions _options = options.Value;

    public async Task<Outcome<Communication>> RegisterAsync(Caller caller, CommunicationDraft draft, FileUpload? letter, FileUpload? publicVersion, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var checkedDraft = await CheckDraftAsync(draft, "", errors, cancellationToken);
        var letterFile = await CheckFileAsync(letter, "letter", errors, required: true, cancellationToken);
        var publicFile = await CheckFileAsync(publicVersion, "publicVersion", errors, required: false, cancellationToken);
        if (errors.Any)
        {
            return ProblemFor(errors, letterFile, publicFile);
        }
        if (await communications.FindAsync(checkedDraft!.Reference.Slug, cancellationToken) is not null)
        {
            return Problem.Conflict($"{checkedDraft.Reference} is already registered.");
        }
        return await StoreAsync(caller, checkedDraft, letterFile!, publicFile, caseId: null, cancellationToken);
    }

    /// <summary>
    /// Every mistake <see cref="RegisterAsync"/> would report, storing nothing; for a caller that already knows it
    /// will refuse (intake) and wants to list all reasons at once. A file that is absent is not reported here.
    /// </summary>
    public async Task<IReadOnlyList<string>> ListMistakesAsync(CommunicationDraft draft, FileUpload? letter, FileUpload? publicVersion, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        await CheckDraftAsync(draft, "", errors, cancellationToken);
        await CheckFileAsync(letter, "letter", errors, required: false, cancellationToken);
        await CheckFileAsync(publicVersion, "publicVersion", errors, required: false, cancellationToken);
        return errors.Messages.ToList();
    }

    public async Task<Outcome<(Case Case, IReadOnlyList<Communication> Communications)>> RegisterCaseAsync(
        Caller caller, CaseDraft draft, IReadOnlyDictionary<string, FileUpload> files, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var title = draft.Title?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > 300)
        {
            errors.Add("title", "A case needs a title of at most 300 characters.");
        }
        errors.Check("title", "The title", title, TextKind.SingleLine);
        var caseId = string.IsNullOrWhiteSpace(draft.Id) ? null : draft.Id.Trim().ToLowerInvariant();
        if (caseId is not null && !CaseIdPattern().IsMatch(caseId))
        {
            errors.Add("id", "A case id is 3 to 60 lower-case letters, digits and dashes.");
        }
        if (draft.Communications is not { Count: > 0 } letters)
        {
            errors.Add("communications", "A case has at least one letter.");
            return errors.ToProblem();
        }
        if (letters.Count > 50)
        {
            errors.Add("communications", "A case has at most 50 letters.");
            return errors.ToProblem();
        }

        var checkedLetters = new List<(CheckedDraft Draft, CheckedFile Letter, CheckedFile? PublicVersion)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < letters.Count; i++)
        {
            var prefix = $"communications[{i}].";
            var item = letters[i];
            if (item.Communication is null)
            {
                errors.Add(prefix + "communication", "Each letter needs its communication details.");
                continue;
            }
            var checkedDraft = await CheckDraftAsync(item.Communication, prefix, errors, cancellationToken);
            var letter = await CheckFileAsync(Lookup(files, item.LetterFile, prefix + "letterFile", errors, required: true), prefix + "letterFile", errors, required: true, cancellationToken);
            var publicVersion = await CheckFileAsync(Lookup(files, item.PublicVersionFile, prefix + "publicVersionFile", errors, required: false), prefix + "publicVersionFile", errors, required: false, cancellationToken);
            if (checkedDraft is null || letter is null)
            {
                continue;
            }
            if (!seen.Add(checkedDraft.Reference.Slug))
            {
                errors.Add(prefix + "communication.reference", $"{checkedDraft.Reference} appears twice in this case.");
                continue;
            }
            if (await communications.FindAsync(checkedDraft.Reference.Slug, cancellationToken) is not null)
            {
                errors.Add(prefix + "communication.reference", $"{checkedDraft.Reference} is already registered.");
                continue;
            }
            checkedLetters.Add((checkedDraft, letter, publicVersion));
        }
        caseId ??= Slugify(title ?? "case") + "-" + clock.GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        if (!errors.Any && await cases.FindAsync(caseId, cancellationToken) is not null)
        {
            errors.Add("id", $"A case with id {caseId} already exists.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var stored = new List<Communication>();
        foreach (var (checkedDraft, letter, publicVersion) in checkedLetters)
        {
            var outcome = await StoreAsync(caller, checkedDraft, letter, publicVersion, caseId, cancellationToken);
            if (!outcome.Succeeded)
            {
                return outcome.Problem!;
            }
            stored.Add(outcome.Value!);
        }
        var @case = new Case(caseId, title!, stored.Select(c => c.Slug).ToList(), clock.GetUtcNow());
        await cases.TryAddAsync(@case, cancellationToken);
        return (@case, stored);
    }

    private static FileUpload? Lookup(IReadOnlyDictionary<string, FileUpload> files, string? name, string field, ValidationErrors errors, bool required)
    {
        if (string.IsNullOrEmpty(name))
        {
            if (required)
            {
                errors.Add(field, "Name the file that holds this letter.");
            }
            return null;
        }
        if (files.TryGetValue(name, out var file))
        {
            return file;
        }
        errors.Add(field, $"No file named \"{name}\" came with the request.");
        return null;
    }

    private async Task<Outcome<Communication>> StoreAsync(Caller caller, CheckedDraft draft, CheckedFile letter, CheckedFile? publicVersion, string? caseId, CancellationToken cancellationToken)
    {
        var slug = draft.Reference.Slug;
        var storedBlobs = new List<string>();
        try
        {
            var letterDocument = await StoreFileAsync($"{slug}/letter/{FileNames.ForStorage(letter.DisplayName)}", letter, cancellationToken);
            storedBlobs.Add(letterDocument.BlobName);
            StoredDocument? publicDocument = null;
            if (publicVersion is not null)
            {
                publicDocument = await StoreFileAsync($"{slug}/public/{FileNames.ForStorage(publicVersion.DisplayName)}", publicVersion, cancellationToken);
                storedBlobs.Add(publicDocument.BlobName);
            }

            var now = clock.GetUtcNow();
            var communication = new Communication
            {
                Reference = draft.Reference,
                AddresseeId = draft.Addressee.Id,
                Subject = draft.Subject,
                Summary = draft.Summary,
                Mandates = draft.Mandates,
                Window = draft.Window,
                Letter = letterDocument,
                CaseId = caseId,
                RegisteredAt = now,
                RegisteredBy = caller.UserId,
            };
            if (publicDocument is not null)
            {
                communication.AttachPublicVersion(publicDocument);
            }
            if (!await communications.TryAddAsync(communication, cancellationToken))
            {
                await DeleteQuietlyAsync(storedBlobs);
                return Problem.Conflict($"{draft.Reference} is already registered.");
            }
            storedBlobs.Clear();
            foreach (var handler in _registeredHandlers)
            {
                await handler.OnRegisteredAsync(communication, cancellationToken);
            }
            await events.AppendAsync(new CommunicationEvent(slug, now, CommunicationEvent.Registered, caller.UserId, new Dictionary<string, string>
            {
                ["reference"] = draft.Reference.ToString(),
                ["addressee"] = draft.Addressee.Id,
                ["closesAt"] = draft.Window.ClosesAt.ToString("O", CultureInfo.InvariantCulture),
                ["letterSha256"] = letterDocument.Sha256,
            }), cancellationToken);
            logger.LogInformation("Communication {Reference} registered for {Addressee}, window closes {ClosesAt:O}", draft.Reference.ToString(), draft.Addressee.Id, draft.Window.ClosesAt);
            return communication;
        }
        catch (DocumentAlreadyExistsException)
        {
            await DeleteQuietlyAsync(storedBlobs);
            return Problem.Conflict($"{draft.Reference} is already registered.");
        }
        catch (DocumentStructureException ex)
        {
            await DeleteQuietlyAsync(storedBlobs);
            return Problem.UnsupportedType(ex.Message + StructureAdvice);
        }
        catch
        {
            await DeleteQuietlyAsync(storedBlobs);
            throw;
        }
    }

    private async Task<StoredDocument> StoreFileAsync(string blobName, CheckedFile file, CancellationToken cancellationToken)
    {
        var stored = await documents.StoreAsync(blobName, file.DisplayName, file.Format.ContentType, file.Upload.Content, cancellationToken);
        if (stored.Size == 0)
        {
            throw new InvalidOperationException("Stored an empty document.");
        }
        return stored;
    }

    private async Task DeleteQuietlyAsync(IEnumerable<string> blobNames)
    {
        foreach (var blobName in blobNames)
        {
            try
            {
                await documents.DeleteAsync(blobName, CancellationToken.None);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Could not remove document {BlobName} left by a failed registration", blobName);
            }
        }
    }

    private const string StructureAdvice = " Send the complete file again.";

    private sealed record CheckedDraft(Reference Reference, Addressee Addressee, string Subject, string Summary, IReadOnlyList<string> Mandates, ReplyWindow Window);

    private sealed record CheckedFile(FileUpload Upload, string DisplayName, DocumentFormat Format);

    private async Task<CheckedDraft?> CheckDraftAsync(CommunicationDraft draft, string prefix, ValidationErrors errors, CancellationToken cancellationToken)
    {
        int before = errors.Messages.Count();
        if (!Reference.TryParse(draft.Reference, out var reference, out var referenceError))
        {
            errors.Add(prefix + "reference", referenceError!);
        }

        Addressee? addressee = null;
        if (string.IsNullOrWhiteSpace(draft.AddresseeId))
        {
            errors.Add(prefix + "addresseeId", "Say which addressee the letter is for.");
        }
        else if (!StorageIds.CanBeKey(draft.AddresseeId.Trim()))
        {
            errors.Add(prefix + "addresseeId", $"\"{TextRules.Shown(draft.AddresseeId)}\" cannot be an addressee id: ids are ISO codes such as USA or names such as facebook.");
        }
        else
        {
            addressee = await addressees.FindAsync(draft.AddresseeId.Trim(), cancellationToken);
            if (addressee is null)
            {
                errors.Add(prefix + "addresseeId", $"There is no addressee \"{draft.AddresseeId}\"; register it first.");
            }
            else if (reference is not null && reference.AddresseeCode != addressee.ReferenceCode)
            {
                errors.Add(prefix + "reference", $"The reference code {reference.AddresseeCode} does not match {addressee.Name}, whose letters use {addressee.ReferenceCode}.");
            }
        }

        var subject = draft.Subject?.Trim() ?? "";
        if (subject.Length is 0 or > 300)
        {
            errors.Add(prefix + "subject", "A subject of 1 to 300 characters is required.");
        }
        errors.Check(prefix + "subject", "The subject", subject, TextKind.SingleLine);
        var summary = draft.Summary?.Trim() ?? "";
        if (summary.Length > 4000)
        {
            errors.Add(prefix + "summary", "The summary is at most 4,000 characters.");
        }
        errors.Check(prefix + "summary", "The summary", summary, TextKind.MultiLine);
        var mandates = (draft.Mandates ?? []).Select(m => m?.Trim() ?? "").ToList();
        if (mandates.Count == 0 || mandates.Any(m => m.Length is 0 or > 200) || mandates.Count > 30)
        {
            errors.Add(prefix + "mandates", "Name 1 to 30 sending mandates, each of 1 to 200 characters.");
        }
        for (int i = 0; i < Math.Min(mandates.Count, 30); i++)
        {
            errors.Check(prefix + "mandates", $"Mandate {i + 1}", mandates[i], TextKind.SingleLine);
        }

        ReplyWindow? window = null;
        var days = draft.ReplyWindowDays ?? _options.DefaultReplyWindowDays;
        if (days is < 1 or > ReplyWindow.MaxDays)
        {
            errors.Add(prefix + "replyWindowDays", $"The reply window is 1 to {ReplyWindow.MaxDays} days.");
        }
        var zone = _options.SecretariatTimeZone();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
        if (string.IsNullOrEmpty(draft.SentOn))
        {
            errors.Add(prefix + "sentOn", "The date the letter was sent is required, as yyyy-MM-dd.");
        }
        else if (SaneDates.Parse(draft.SentOn, today, out var dateRefusal) is not { } sentOn)
        {
            errors.Add(prefix + "sentOn", "The date the letter was sent: " + dateRefusal);
        }
        else
        {
            if (sentOn > today)
            {
                errors.Add(prefix + "sentOn", $"The letter cannot be sent after today ({today:yyyy-MM-dd} in Geneva).");
            }
            else if (days is >= 1 and <= ReplyWindow.MaxDays)
            {
                window = ReplyWindow.Compute(sentOn, days, zone);
            }
        }

        return errors.Messages.Count() == before && reference is not null && addressee is not null && window is not null
            ? new CheckedDraft(reference, addressee, subject, summary, mandates, window)
            : null;
    }

    private async Task<CheckedFile?> CheckFileAsync(FileUpload? upload, string field, ValidationErrors errors, bool required, CancellationToken cancellationToken)
    {
        if (upload is null)
        {
            if (required && !errors.ToDictionary().ContainsKey(field))
            {
                errors.Add(field, "The letter's file is required.");
            }
            return null;
        }
        long max = _options.MaxLetterSizeMegabytes * 1024L * 1024L;
        if (upload.Length > max)
        {
            errors.Add(field, $"The file is {upload.Length:N0} bytes; the limit is {_options.MaxLetterSizeMegabytes} MB.");
            return null;
        }
        if (upload.Length == 0)
        {
            errors.Add(field, "The file is empty.");
            return null;
        }
        if (FileNameRules.Refusal(upload.FileName) is { } nameRefusal)
        {
            errors.Add(field, nameRefusal);
            return null;
        }
        var sniffed = await SniffedUpload.ReadAsync(upload.Content, cancellationToken);
        var format = DocumentSniffer.Identify(sniffed.Head.Span, out var refusal);
        if (format is null)
        {
            errors.Add(field, $"{refusal} Accepted: {DocumentSniffer.Accepted}.");
            return null;
        }
        // Forms and intake hand over seekable files, so the structure is checked before anything is stored; any
        // other stream is checked as it is stored, and a refusal then aborts the store.
        var content = sniffed.Content;
        if (upload.Content.CanSeek)
        {
            if (await DocumentStructure.CheckAsync(format, upload.Content, cancellationToken) is { } damaged)
            {
                errors.Add(field, damaged + StructureAdvice);
                return null;
            }
        }
        else
        {
            content = DocumentStructure.Checking(format, content);
        }
        return new CheckedFile(upload with { Content = content }, FileNames.ForDisplay(upload.FileName, "letter" + format.Extension), format);
    }

    /// <summary>Type and size refusals of a file are 415 and 413, so a client can tell them from other mistakes.</summary>
    private static Problem ProblemFor(ValidationErrors errors, CheckedFile? letter, CheckedFile? publicVersion)
    {
        var problem = errors.ToProblem();
        var fileMessages = errors.ToDictionary().Where(e => e.Key is "letter" or "publicVersion").SelectMany(e => e.Value).ToList();
        if (fileMessages.Count == errors.Messages.Count())
        {
            if (fileMessages.Any(m => m.Contains("the limit is", StringComparison.Ordinal)))
            {
                return Problem.TooLarge(problem.Detail) with { Errors = problem.Errors };
            }
            if (fileMessages.Any(m => m.Contains("Accepted:", StringComparison.Ordinal) || m.EndsWith(StructureAdvice, StringComparison.Ordinal)))
            {
                return Problem.UnsupportedType(problem.Detail) with { Errors = problem.Errors };
            }
        }
        return problem;
    }

    // \z, not $: $ also matches before a final line break.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{2,59}\z")]
    private static partial Regex CaseIdPattern();

    private static string Slugify(string text)
    {
        var slug = new string(text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        slug = Regex.Replace(slug, "-+", "-").Trim('-');
        return slug.Length > 40 ? slug[..40].Trim('-') : slug.Length == 0 ? "case" : slug;
    }
}
