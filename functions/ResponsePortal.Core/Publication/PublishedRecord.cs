using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using ResponsePortal.Audit;
using ResponsePortal.Communications;
using ResponsePortal.Documents;
using ResponsePortal.Documents.Text;
using ResponsePortal.Replies;

namespace ResponsePortal.Publication;

/// <summary>A file copied into the public site, with the hash of the bytes written.</summary>
public sealed record PublishedFile(string Path, string FileName, string ContentType, long Size, string Sha256)
{
    /// <summary>
    /// The text read from the file at publication, shown under its link and indexed for search; null where no
    /// extraction ran (records published before it existed keep their bytes, so their hashes in the log still hold).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DocumentText? Text { get; init; }
}

public static class ReplyEntryStatus
{
    /// <summary>The reply and its files are public.</summary>
    public const string Published = "published";
    /// <summary>The secretariat accepted a confidentiality request: only a placeholder with the reason category is public.</summary>
    public const string Withheld = "withheld";
    /// <summary>A confidentiality request awaits a decision: the reply is held back and the page says so.</summary>
    public const string Pending = "pending";
}

/// <summary>One reply as the public sees it: the reply itself, or a placeholder that says why it is not shown.</summary>
public sealed record PublishedReply(
    string Id,
    DateTimeOffset ReceivedAt,
    int DaysLate,
    string Status,
    string? ReasonCategory,
    string? Note,
    string? Language,
    IReadOnlyList<PublishedFile> Files);

public sealed record PublishedCorrection(DateTimeOffset At, string Note);

public sealed record TimelineEntry(DateTimeOffset At, string Kind, string Text);

/// <summary>
/// Everything the public site shows about one communication, in one document (<c>c/{slug}/record.json</c>).
/// Built only from published facts; its bytes are hashed into the publication log.
/// </summary>
public sealed record PublishedRecord(
    int SchemaVersion,
    string Slug,
    string Reference,
    string Type,
    string AddresseeId,
    string AddresseeName,
    string Subject,
    string Summary,
    IReadOnlyList<string> Mandates,
    DateOnly SentOn,
    int ReplyWindowDays,
    DateTimeOffset ClosesAt,
    DateTimeOffset PublishedAt,
    DateTimeOffset? CorrectedAt,
    string? CaseId,
    PublishedFile Letter,
    bool LetterIsPublicVersion,
    IReadOnlyList<PublishedReply> Replies,
    IReadOnlyList<PublishedCorrection> Corrections,
    IReadOnlyList<TimelineEntry> Timeline)
{
    public const int CurrentSchemaVersion = 1;

    /// <summary>Where the communication sits in each listing (0-based, publication order); fixed once published.</summary>
    public SortedDictionary<string, int>? Positions { get; init; }

    public int Year => SentOn.Year;

    /// <summary>on-time, late or none: judged on the first reply received, whether or not it is public.</summary>
    public string ReplyStatus => Replies.Count == 0 ? "none" : Replies[0].DaysLate > 0 ? "late" : "on-time";

    /// <summary>Calendar days in Geneva from sending to the first reply, counted as the secretariat's monitoring counts them.</summary>
    public int? ReplyDays { get; init; }

    /// <summary>
    /// The letter and every reply's files: for code, not for the record's JSON, which has them once, under
    /// <c>letter</c> and <c>replies</c>. Written out as well (until issue 14's build measurements found it), it put every
    /// file twice in <c>record.json</c> and, with the files' text, doubled the bytes a search result's snippet downloads.
    /// </summary>
    [JsonIgnore]
    public IEnumerable<PublishedFile> AllFiles => Replies.SelectMany(r => r.Files).Prepend(Letter);

    /// <summary>The record as the open-data shards hold it: the files' text is only in <c>record.json</c> (ADR 0306).</summary>
    public PublishedRecord WithoutText() => this with
    {
        Letter = Letter with { Text = null },
        Replies = Replies.Select(r => r with { Files = r.Files.Select(f => f with { Text = null }).ToList() }).ToList(),
    };
}

/// <summary>What the publisher needs to know about one communication, read from storage (or generated).</summary>
public sealed record PublicationInput(Communication Communication, string AddresseeName, IReadOnlyList<Reply> Replies, IReadOnlyList<CommunicationEvent> Events);

/// <summary>Where the bytes of letters and reply files come from.</summary>
public interface IPublicationFileSource
{
    Task<byte[]> ReadLetterAsync(StoredDocument document, CancellationToken cancellationToken);
    Task<byte[]> ReadReplyFileAsync(ReplyFile file, CancellationToken cancellationToken);
}

public static class PublicationEvents
{
    public const string Published = "publication-published";
    public const string Corrected = "publication-corrected";
}

/// <summary>Turns stored facts into the public record. The only place that decides what becomes public.</summary>
public static class PublishedRecordFactory
{
    /// <summary>
    /// The letter made public: the public version when the secretariat attached one (the original then never
    /// becomes public), otherwise the original letter. See docs/adr/0301-what-becomes-public.md.
    /// </summary>
    public static (StoredDocument Document, bool IsPublicVersion) PublicLetter(Communication communication)
        => communication.PublicVersion is { } publicVersion ? (publicVersion, true) : (communication.Letter, false);

    public static string StatusOf(Reply reply) => reply.Confidentiality switch
    {
        null => ReplyEntryStatus.Published,
        { Decision: null } => ReplyEntryStatus.Pending,
        { WithholdsPublication: true } => ReplyEntryStatus.Withheld,
        _ => ReplyEntryStatus.Published,
    };

    /// <summary>Published documents sit in 256 folders by hash prefix (few folders to create), named by communication and hash.</summary>
    public static string FilePath(string slug, string sha256, string fileName)
        => $"files/{sha256[..2]}/{slug}-{sha256[..16]}-{FileNames.ForStorage(FileNames.ForDisplay(fileName))}";

    /// <summary>Every text a person wrote passes <see cref="PublicText.Clean"/> here, the one door into the site model.</summary>
    public static PublishedRecord Create(PublicationInput input, TimeZoneInfo timeZone)
    {
        var communication = input.Communication;
        var addresseeName = PublicText.Clean(input.AddresseeName);
        if (communication.PublishedAt is not { } publishedAt)
        {
            throw new InvalidOperationException($"{communication.Reference} is not published; record its publication first.");
        }
        var (letter, isPublicVersion) = PublicLetter(communication);
        var replies = input.Replies.OrderBy(r => r.ReceivedAt).ThenBy(r => r.Id, StringComparer.Ordinal).Select(r =>
        {
            var status = StatusOf(r);
            var files = status == ReplyEntryStatus.Published
                ? r.Files.Select(f => new PublishedFile(FilePath(communication.Slug, f.Sha256, f.FileName), PublicText.Clean(FileNames.ForDisplay(f.FileName)), PublicText.Clean(f.ContentType), f.Size, f.Sha256)).ToList()
                : [];
            return new PublishedReply(r.Id, r.ReceivedAt, r.DaysLate, status,
                status == ReplyEntryStatus.Withheld ? PublicText.CleanOrNull(r.Confidentiality!.ReasonCategory) : null,
                status == ReplyEntryStatus.Published ? PublicText.CleanOrNull(r.Note) : null,
                status == ReplyEntryStatus.Published ? PublicText.CleanOrNull(r.Language) : null,
                files);
        }).ToList();
        var corrections = input.Events.Where(e => e.Kind == PublicationEvents.Corrected)
            .OrderBy(e => e.At)
            .Select(e => new PublishedCorrection(e.At, e.Data.TryGetValue("note", out var note) ? PublicText.Clean(note) : ""))
            .ToList();

        var timeline = new List<TimelineEntry>
        {
            new(new DateTimeOffset(communication.Window.SentOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), "sent", $"Letter sent to {addresseeName}."),
            new(communication.Window.ClosesAt, "window-closed", $"Reply window of {communication.Window.Days} days closed."),
        };
        foreach (var reply in replies)
        {
            timeline.Add(new(reply.ReceivedAt, "reply", reply.DaysLate > 0 ? $"Reply received {reply.DaysLate} day{(reply.DaysLate == 1 ? "" : "s")} late." : "Reply received on time."));
        }
        timeline.Add(new(publishedAt, "published", "Published."));
        timeline.AddRange(corrections.Select(c => new TimelineEntry(c.At, "corrected", "Corrected and republished.")));

        return new PublishedRecord(
            PublishedRecord.CurrentSchemaVersion,
            communication.Slug,
            communication.Reference.ToString(),
            communication.Reference.Type.ToString(),
            PublicText.Clean(communication.AddresseeId),
            addresseeName,
            PublicText.Clean(communication.Subject),
            PublicText.Clean(communication.Summary),
            communication.Mandates.Select(PublicText.Clean).ToList(),
            communication.Window.SentOn,
            communication.Window.Days,
            communication.Window.ClosesAt,
            publishedAt,
            corrections.Count == 0 ? null : corrections[^1].At,
            PublicText.CleanOrNull(communication.CaseId),
            new PublishedFile(FilePath(communication.Slug, letter.Sha256, letter.FileName), PublicText.Clean(FileNames.ForDisplay(letter.FileName)), PublicText.Clean(letter.ContentType), letter.Size, letter.Sha256),
            isPublicVersion,
            replies,
            corrections,
            timeline.OrderBy(t => t.At).ToList())
        {
            ReplyDays = replies.Count == 0 ? null : communication.Window.DaysFromSending(replies[0].ReceivedAt, timeZone),
        };
    }
}

/// <summary>URL-safe keys for mandates (their names are the identity in a communication).</summary>
public static class SiteSlugs
{
    public static string Of(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }
        var slug = builder.ToString().Trim('-');
        return slug.Length == 0 ? "untitled" : slug.Length > 80 ? slug[..80].TrimEnd('-') : slug;
    }
}
