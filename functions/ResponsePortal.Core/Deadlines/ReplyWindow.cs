using System.Globalization;
using ResponsePortal.Common;

namespace ResponsePortal.Deadlines;

/// <summary>
/// When an addressee's time to reply ends. The window is the sent date plus N calendar days and closes at
/// the very end of that last day in the secretariat's time zone. The closing instant is stored in UTC together
/// with the version of this rule, so a later change of rule never silently moves an old deadline.
/// </summary>
public sealed record ReplyWindow(DateOnly SentOn, int Days, string TimeZoneId, DateTimeOffset ClosesAt, string RuleVersion)
{
    public const string CurrentRuleVersion = "calendar-days-end-of-day/1";
    public const int MaxDays = 3650;

    public DateOnly LastDay => SentOn.AddDays(Days);

    public static ReplyWindow Compute(DateOnly sentOn, int days, TimeZoneInfo timeZone)
    {
        if (days is < 1 or > MaxDays)
        {
            throw new ArgumentOutOfRangeException(nameof(days), days, $"A reply window is 1 to {MaxDays} days.");
        }

        var lastDay = sentOn.AddDays(days);
        // The end of the last day is one millisecond before the next local midnight; computing it from the
        // next midnight keeps the arithmetic right on days that are 23 or 25 hours long.
        var nextMidnightLocal = lastDay.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (timeZone.IsInvalidTime(nextMidnightLocal))
        {
            nextMidnightLocal = nextMidnightLocal.AddMinutes(30);
        }
        var nextMidnightUtc = TimeZoneInfo.ConvertTimeToUtc(nextMidnightLocal, timeZone);
        var closesAt = new DateTimeOffset(nextMidnightUtc, TimeSpan.Zero).AddMilliseconds(-1);
        return new ReplyWindow(sentOn, days, timeZone.Id, closesAt, CurrentRuleVersion);
    }

    public bool IsClosedAt(DateTimeOffset instant) => instant > ClosesAt;

    /// <summary>Whole calendar days (in the secretariat's zone) by which a reply received at <paramref name="receivedAt"/> is late; 0 when on time.</summary>
    public int DaysLate(DateTimeOffset receivedAt, TimeZoneInfo timeZone)
    {
        return receivedAt <= ClosesAt ? 0 : LocalDay(receivedAt, timeZone).DayNumber - LastDay.DayNumber;
    }

    /// <summary>Calendar days (in the secretariat's zone) from the day the letter was sent to the day of <paramref name="instant"/>: how long a reply took.</summary>
    public int DaysFromSending(DateTimeOffset instant, TimeZoneInfo timeZone)
        => LocalDay(instant, timeZone).DayNumber - SentOn.DayNumber;

    private static DateOnly LocalDay(DateTimeOffset instant, TimeZoneInfo timeZone)
        => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, timeZone).DateTime);

    /// <summary>
    /// The rule in plain words, for the secretariat, the addressee and the public, in English, French or Spanish (English
    /// for another language). Instants keep the ISO form in every language so they can be compared with the API's.
    /// </summary>
    public string Explain(TimeZoneInfo timeZone, string language = "en")
    {
        var local = TimeZoneInfo.ConvertTime(ClosesAt, timeZone);
        var inv = CultureInfo.InvariantCulture;
        var localText = local.ToString("yyyy-MM-dd HH:mm:ss.fff", inv);
        var offset = local.ToString("zzz", inv);
        var utc = ClosesAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", inv);
        switch (language)
        {
            case "fr":
            {
                var fr = CultureInfo.GetCultureInfo("fr-FR");
                return $"Envoyée le {SentOn.ToString("d MMMM yyyy", fr)}. Le destinataire dispose de {Days.ToString(inv)} {(Plural.IsOne(Days, "fr") ? "jour calendaire" : "jours calendaires")} " +
                    $"comptés à partir du lendemain de l'envoi : le délai se clôt à la fin du {LastDay.ToString("dddd d MMMM yyyy", fr)} " +
                    $"à Genève ({TimeZoneId}), soit {localText} heure locale (UTC{offset}), c'est-à-dire {utc} UTC. Règle {RuleVersion}.";
            }
            case "es":
            {
                var es = CultureInfo.GetCultureInfo("es-ES");
                return $"Enviada el {SentOn.ToString("d 'de' MMMM 'de' yyyy", es)}. El destinatario dispone de {Days.ToString(inv)} {(Plural.IsOne(Days, "es") ? "día natural" : "días naturales")} " +
                    $"contados desde el día siguiente al envío: el plazo se cierra al final del {LastDay.ToString("dddd d 'de' MMMM 'de' yyyy", es)} " +
                    $"en Ginebra ({TimeZoneId}), es decir, {localText} hora local (UTC{offset}), que son las {utc} UTC. Regla {RuleVersion}.";
            }
            default:
                return $"Sent on {SentOn.ToString("d MMMM yyyy", inv)}. The addressee has {Days} calendar {(Plural.IsOne(Days, "en") ? "day" : "days")} " +
                    $"counted from the day after sending, so the window closes at the end of {LastDay.ToString("dddd d MMMM yyyy", inv)} " +
                    $"in Geneva ({TimeZoneId}): {localText} local time (UTC{offset}), which is {utc} UTC. Rule {RuleVersion}.";
        }
    }
}
