using System.Globalization;
using ResponsePortal.Common;
using ResponsePortal.Publication;

namespace ResponsePortal.Reports;

public static class ReportStatus
{
    /// <summary>The secretariat can change the period and preview its report; nothing is public.</summary>
    public const string Draft = "draft";
    /// <summary>Published on the public site; immutable. A change is a corrigendum: a new version.</summary>
    public const string Final = "final";
}

/// <summary>
/// One published version of a period's report. Version 1 is the report as finalised; each later one is a
/// corrigendum whose note says what changed. Every version stays on the site at its own address.
/// </summary>
public sealed record ReportVersion(int Number, DateTimeOffset PublishedAt, string PublishedBy, string? Corrigendum);

/// <summary>What the secretariat sends to create or change a reporting period (dates are Geneva calendar days).</summary>
public sealed class ReportingPeriodDraft
{
    public string? Name { get; set; }
    public string? Session { get; set; }
    public string? StartsOn { get; set; }
    public string? EndsOn { get; set; }
}

public sealed class CorrigendumDraft
{
    public string? Note { get; set; }
}

/// <summary>
/// A period the Human Rights Council's communications report covers ("HRC 47": letters sent and replies received
/// from its first to its last day, in Geneva), and the report's versions. Draft until finalised; final is for ever.
/// </summary>
public sealed class ReportingPeriod
{
    public const int MaxNameLength = 100;
    public const int MaxSessionLength = 200;
    public const int MaxNoteLength = 2000;
    /// <summary>A report covers a few months; a year at most keeps one build's reads bounded.</summary>
    public const int MaxDays = 366;

    public required string Id { get; init; }
    public required string Name { get; set; }
    public required string Session { get; set; }
    public required DateOnly StartsOn { get; set; }
    public required DateOnly EndsOn { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public IReadOnlyList<ReportVersion> Versions { get; private set; } = [];

    /// <summary>The storage version this object was read at; updates are refused if someone else wrote in between.</summary>
    public string? ConcurrencyToken { get; set; }

    public string Status => Versions.Count == 0 ? ReportStatus.Draft : ReportStatus.Final;

    public ReportVersion? Latest => Versions.Count == 0 ? null : Versions[^1];

    /// <summary>The period's id: its name as a URL-safe key ("HRC 47" → <c>hrc-47</c>), also its folder under <c>reports/</c>.</summary>
    public static string IdOf(string name) => SiteSlugs.Of(name);

    public static Outcome<ReportingPeriod> Create(ReportingPeriodDraft draft, DateTimeOffset at, string by)
    {
        var (values, problem) = Validate(draft);
        if (problem is not null)
        {
            return problem;
        }
        return new ReportingPeriod
        {
            Id = IdOf(values.Name), Name = values.Name, Session = values.Session, StartsOn = values.StartsOn, EndsOn = values.EndsOn,
            CreatedAt = at, CreatedBy = by,
        };
    }

    /// <summary>Changes name, session or dates of a draft; a final period is refused (its report is public).</summary>
    public Problem? Change(ReportingPeriodDraft draft)
    {
        if (Status == ReportStatus.Final)
        {
            return Problem.Conflict($"{Name} is final: its report is published and cannot change. Issue a corrigendum instead.");
        }
        var (values, problem) = Validate(draft);
        if (problem is not null)
        {
            return problem;
        }
        if (IdOf(values.Name) != Id)
        {
            return Problem.Invalid(new Dictionary<string, string[]> { ["name"] = [$"The name must keep the period's id \"{Id}\" (its address); create another period for another name."] });
        }
        (Name, Session, StartsOn, EndsOn) = (values.Name, values.Session, values.StartsOn, values.EndsOn);
        return null;
    }

    /// <summary>Records the first publication of the report. Refused when the period is already final.</summary>
    public Problem? Finalise(DateTimeOffset at, string by)
    {
        if (Status == ReportStatus.Final)
        {
            return Problem.Conflict($"{Name} is already final (published {Versions[0].PublishedAt:O}). A final report never changes; issue a corrigendum to correct it.");
        }
        Versions = [new ReportVersion(1, at, by, null)];
        return null;
    }

    /// <summary>Records a corrigendum: a new version with a note saying what changed. Only a final report has corrigenda.</summary>
    public Problem? Correct(DateTimeOffset at, string by, string? note)
    {
        var trimmed = note?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return Problem.Invalid(new Dictionary<string, string[]> { ["note"] = ["Say what the corrigendum changes; the note is published with it."] });
        }
        if (trimmed.Length > MaxNoteLength)
        {
            return Problem.Invalid(new Dictionary<string, string[]> { ["note"] = [$"The note is at most {MaxNoteLength} characters."] });
        }
        if (TextRules.Refusal(trimmed, TextKind.MultiLine) is { } refusal)
        {
            return Problem.Invalid(new Dictionary<string, string[]> { ["note"] = ["The note " + refusal] });
        }
        if (Status != ReportStatus.Final)
        {
            return Problem.Conflict($"{Name} is a draft: finalise it first; a corrigendum corrects a published report.");
        }
        Versions = [.. Versions, new ReportVersion(Versions.Count + 1, at, by, trimmed)];
        return null;
    }

    public static ReportingPeriod Restore(ReportingPeriod period, IReadOnlyList<ReportVersion> versions)
    {
        period.Versions = versions.OrderBy(v => v.Number).ToList();
        return period;
    }

    private static ((string Name, string Session, DateOnly StartsOn, DateOnly EndsOn) Values, Problem? Problem) Validate(ReportingPeriodDraft draft)
    {
        var errors = new ValidationErrors();
        var name = draft.Name?.Trim() ?? "";
        var session = draft.Session?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors.Add("name", "Give the period a name, such as \"HRC 47\".");
        }
        else if (name.Length > MaxNameLength)
        {
            errors.Add("name", $"The name is at most {MaxNameLength} characters.");
        }
        else if (TextRules.Refusal(name, TextKind.SingleLine) is { } refusal)
        {
            errors.Add("name", "The name " + refusal);
        }
        else if (!name.Any(char.IsAsciiLetterOrDigit))
        {
            errors.Add("name", "The name needs at least one letter or digit (it becomes the report's address).");
        }
        if (session.Length == 0)
        {
            errors.Add("session", "Say which session of the Council the report is for, such as \"47th regular session\".");
        }
        else if (session.Length > MaxSessionLength)
        {
            errors.Add("session", $"The session is at most {MaxSessionLength} characters.");
        }
        else if (TextRules.Refusal(session, TextKind.SingleLine) is { } refusal)
        {
            errors.Add("session", "The session " + refusal);
        }
        var startsOn = Day(draft.StartsOn, "startsOn", errors);
        var endsOn = Day(draft.EndsOn, "endsOn", errors);
        if (startsOn is { } s && endsOn is { } e)
        {
            if (e < s)
            {
                errors.Add("endsOn", "The period ends before it starts.");
            }
            else if (e.DayNumber - s.DayNumber + 1 > MaxDays)
            {
                errors.Add("endsOn", $"A period is at most {MaxDays} days.");
            }
        }
        return errors.Any ? (default, errors.ToProblem()) : ((name, session, startsOn!.Value, endsOn!.Value), null);
    }

    private static DateOnly? Day(string? text, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(field, "Give the day as yyyy-MM-dd (a calendar day in Geneva).");
            return null;
        }
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            errors.Add(field, $"\"{text}\" is not a day written yyyy-MM-dd.");
            return null;
        }
        return day;
    }
}

/// <summary>Storage of reporting periods (a few a year: one partition).</summary>
public interface IReportingPeriods
{
    /// <summary>False when a period with the same id exists.</summary>
    Task<bool> TryAddAsync(ReportingPeriod period, CancellationToken cancellationToken);

    Task<ReportingPeriod?> FindAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<ReportingPeriod>> ListAsync(CancellationToken cancellationToken);

    /// <summary>False when someone else changed the period since it was read.</summary>
    Task<bool> TryUpdateAsync(ReportingPeriod period, CancellationToken cancellationToken);
}

/// <summary>A communication sent on a day (Geneva), as the report index holds it.</summary>
public sealed record ReportIndexEntry(DateOnly Day, string Slug, string AddresseeId);

/// <summary>
/// A reply received on a day (Geneva), with the facts the report shows of it that never change once it is stored:
/// its letter's reference and closing instant, when it came, how late, and whether its sender asked for confidentiality
/// (only then does the report read the reply, for the secretariat's decision).
/// </summary>
public sealed record ReportReplyEntry(DateOnly Day, string Slug, string AddresseeId, string ReplyId, string Reference, DateTimeOffset ClosesAt,
    DateTimeOffset ReceivedAt, int DaysLate, bool ConfidentialityRequested);

/// <summary>
/// The report's own index: letters by the day they were sent and replies by the day they were received, so a
/// period's report reads only the period's items. Written when a letter is registered and when a reply is stored.
/// </summary>
public interface IReportIndex
{
    Task AddSentAsync(DateOnly sentOn, string slug, string addresseeId, CancellationToken cancellationToken);

    Task AddReplyAsync(ReportReplyEntry entry, CancellationToken cancellationToken);

    /// <summary>Letters sent from <paramref name="from"/> to <paramref name="to"/> (inclusive), in day order.</summary>
    Task<IReadOnlyList<ReportIndexEntry>> ListSentAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken);

    /// <summary>Replies received from <paramref name="from"/> to <paramref name="to"/> (inclusive), in day order.</summary>
    Task<IReadOnlyList<ReportReplyEntry>> ListRepliesAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken);
}
