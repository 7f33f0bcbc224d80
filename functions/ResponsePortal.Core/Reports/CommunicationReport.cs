using System.Text.Json.Serialization;
using ResponsePortal.Communications;
using ResponsePortal.Publication;
using ResponsePortal.Replies;

namespace ResponsePortal.Reports;

/// <summary>
/// A letter sent in the period. While its window is open at the cut-off only <see cref="Reference"/>,
/// <see cref="SentOn"/> and the addressee are known to the report (<see cref="IsPublic"/> false): the rest is null.
/// <see cref="ReplyStatus"/> is judged on the first reply received by the cut-off (none, on time or late; a withheld
/// reply still counts as a reply here), written with its wire name as everywhere else.
/// </summary>
public sealed record ReportLetter(
    string Slug,
    string Reference,
    DateOnly SentOn,
    string AddresseeId,
    bool IsPublic,
    string? Type,
    IReadOnlyList<string>? Mandates,
    string? Subject,
    string? Summary,
    DateOnly? ReplyDueOn,
    [property: JsonConverter(typeof(ReplyStatusJsonConverter))] ReplyStatus ReplyStatus,
    int? DaysLate,
    string? Page);

/// <summary>
/// A reply received in the period (to a letter of any period), as the public may see it: a published reply, the
/// placeholder of a withheld one (received date, late mark, reason category), a held-back one, or one to a letter
/// whose window is still open (the date only, public with the letter).
/// </summary>
public sealed record ReportReply(
    string Slug,
    string Reference,
    string AddresseeId,
    DateOnly ReceivedOn,
    int DaysLate,
    string Status,
    string? ReasonCategory,
    string? Page);

public static class ReportReplyVisibility
{
    public const string Published = ReplyEntryStatus.Published;
    public const string Withheld = ReplyEntryStatus.Withheld;
    public const string Pending = ReplyEntryStatus.Pending;
    /// <summary>The letter's window is still open at the cut-off: nothing of it or its replies is public yet.</summary>
    public const string NotYetPublic = "not-yet-public";
}

/// <summary>Counts over the letters sent in the period: replied = on time + late; the rate is replied / sent.</summary>
public sealed record ReportCounts(int Sent, int Replied, int OnTime, int Late, int NotReplied, int RepliesReceived)
{
    /// <summary>Replied as a share of sent, 0 to 1; null when nothing was sent.</summary>
    public double? ReplyRate => Sent == 0 ? null : (double)Replied / Sent;

    public static ReportCounts Of(IReadOnlyCollection<ReportLetter> letters, int repliesReceived)
    {
        var onTime = letters.Count(l => l.ReplyStatus == ReplyStatus.OnTime);
        var late = letters.Count(l => l.ReplyStatus == ReplyStatus.Late);
        return new ReportCounts(letters.Count, onTime + late, onTime, late, letters.Count - onTime - late, repliesReceived);
    }
}

/// <summary>
/// A row a corrigendum changed against the version before: a letter (by reference) or a reply (by reference and received
/// day), added, changed or removed. Data, not a sentence: each page and PDF words it in its own language
/// (<see cref="ReportText.ChangeText"/>).
/// </summary>
public sealed record ReportChange(string Row, string Reference, DateOnly? ReceivedOn, string Change)
{
    public const string Letter = "letter";
    public const string Reply = "reply";
    public const string Added = "added";
    public const string Changed = "changed";
    public const string Removed = "removed";
}

public sealed record ReportGroup(string AddresseeId, string AddresseeName, ReportCounts Counts, IReadOnlyList<ReportLetter> Letters, IReadOnlyList<ReportReply> Replies);

/// <summary>
/// The communications report of one period, at one cut-off: what <c>report.json</c> holds and every rendering
/// (HTML, CSV, PDF) shows. Built only from what is public at the cut-off (docs/reports.md).
/// </summary>
public sealed record CommunicationReport(
    int SchemaVersion,
    string PeriodId,
    string Name,
    string Session,
    DateOnly StartsOn,
    DateOnly EndsOn,
    string Status,
    int Version,
    DateTimeOffset CutOff,
    string? Corrigendum,
    IReadOnlyList<ReportChange> Changes,
    ReportCounts Totals,
    IReadOnlyList<ReportGroup> Groups)
{
    /// <summary>2: <see cref="Changes"/> became rows (version 1, never released, held English sentences).</summary>
    public const int CurrentSchemaVersion = 2;
}

/// <summary>A reply received in the period: its index row, and the stored reply when it carries a confidentiality request (for the decision).</summary>
public sealed record ReceivedReply(ReportReplyEntry Entry, Reply? Stored);

/// <summary>Turns the period's letters and replies into the report. Pure: the same inputs give the same report.</summary>
public static class ReportBuilder
{
    /// <summary>
    /// Letters sent in the period and replies received in it, grouped by addressee (by name). A letter whose window
    /// is open at <paramref name="cutOff"/> shows reference, date and addressee only; replies after the cut-off
    /// do not exist for the report.
    /// </summary>
    public static CommunicationReport Build(
        ReportingPeriod period, int version, string status, DateTimeOffset cutOff, string? corrigendum,
        IReadOnlyList<Communication> sent, IReadOnlyList<ReceivedReply> received,
        IReadOnlyDictionary<string, string> addresseeNames, TimeZoneInfo timeZone, IReadOnlyList<ReportChange>? changes = null)
    {
        string NameOf(string id) => PublicText.Clean(addresseeNames.TryGetValue(id, out var name) ? name : id);

        var letters = sent.Select(c => Letter(c, cutOff, timeZone)).ToList();
        var replies = received
            .Where(r => r.Entry.ReceivedAt <= cutOff)
            .Select(r => Reply(r, cutOff))
            .ToList();
        var groups = letters.Select(l => l.AddresseeId).Concat(replies.Select(r => r.AddresseeId)).Distinct(StringComparer.Ordinal)
            .Select(id =>
            {
                var own = letters.Where(l => l.AddresseeId == id).OrderBy(l => l.SentOn).ThenBy(l => l.Reference, StringComparer.Ordinal).ToList();
                var ownReplies = replies.Where(r => r.AddresseeId == id).OrderBy(r => r.ReceivedOn).ThenBy(r => r.Reference, StringComparer.Ordinal).ToList();
                return new ReportGroup(PublicText.Clean(id), NameOf(id), ReportCounts.Of(own, ownReplies.Count), own, ownReplies);
            })
            .OrderBy(g => g.AddresseeName, StringComparer.Create(System.Globalization.CultureInfo.InvariantCulture, System.Globalization.CompareOptions.IgnoreCase))
            .ThenBy(g => g.AddresseeId, StringComparer.Ordinal)
            .ToList();
        return new CommunicationReport(CommunicationReport.CurrentSchemaVersion, period.Id, PublicText.Clean(period.Name), PublicText.Clean(period.Session),
            period.StartsOn, period.EndsOn, status, version, cutOff, corrigendum is null ? null : PublicText.Clean(corrigendum), changes ?? [],
            ReportCounts.Of(letters, replies.Count), groups);
    }

    /// <summary>The public page of a communication, relative to the site's root.</summary>
    public static string PageOf(string slug) => $"c/{slug}/";

    private static ReportLetter Letter(Communication c, DateTimeOffset cutOff, TimeZoneInfo timeZone)
    {
        var status = ReplyStatus.None;
        int? daysLate = null;
        if (c.FirstReplyAt is { } first && first <= cutOff)
        {
            status = first <= c.Window.ClosesAt ? ReplyStatus.OnTime : ReplyStatus.Late;
            daysLate = c.Window.DaysLate(first, timeZone);
        }
        if (!c.Window.IsClosedAt(cutOff))
        {
            // What the public site will show only after the window: nothing but reference, date and addressee.
            return new ReportLetter(c.Slug, c.Reference.ToString(), c.Window.SentOn, PublicText.Clean(c.AddresseeId), false,
                null, null, null, null, null, status, daysLate, null);
        }
        return new ReportLetter(c.Slug, c.Reference.ToString(), c.Window.SentOn, PublicText.Clean(c.AddresseeId), true,
            c.Reference.Type.ToString(), c.Mandates.Select(PublicText.Clean).ToList(), PublicText.Clean(c.Subject), PublicText.Clean(c.Summary),
            c.Window.LastDay, status, daysLate, PageOf(c.Slug));
    }

    private static ReportReply Reply(ReceivedReply received, DateTimeOffset cutOff)
    {
        var e = received.Entry;
        var addressee = PublicText.Clean(e.AddresseeId);
        if (cutOff <= e.ClosesAt)
        {
            return new ReportReply(e.Slug, e.Reference, addressee, e.Day, e.DaysLate, ReportReplyVisibility.NotYetPublic, null, null);
        }
        // The same decision as the public page (PublishedRecordFactory): withheld shows its reason category only. A
        // request whose reply could not be read is held back, never shown.
        var status = received.Stored is { } stored ? PublishedRecordFactory.StatusOf(stored)
            : e.ConfidentialityRequested ? ReplyEntryStatus.Pending : ReplyEntryStatus.Published;
        return new ReportReply(e.Slug, e.Reference, addressee, e.Day, e.DaysLate, status,
            status == ReplyEntryStatus.Withheld ? PublicText.CleanOrNull(received.Stored!.Confidentiality!.ReasonCategory) : null, PageOf(e.Slug));
    }
}
