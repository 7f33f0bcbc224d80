using System.Globalization;

namespace ResponsePortal.Common;

/// <summary>
/// Counts in words for the texts the server writes (mails, receipts, the reply window explained): the portal's three
/// languages need only two forms, and French treats 0 as singular (CLDR). A table, not Humanizer (ADR 0802).
/// </summary>
public static class Plural
{
    private static readonly Dictionary<string, (string One, string Other)> DayWords = new(StringComparer.Ordinal)
    {
        ["en"] = ("day", "days"),
        ["fr"] = ("jour", "jours"),
        ["es"] = ("día", "días"),
    };

    /// <summary>Whether a count takes the singular in the language: 1 in English and Spanish, 0 and 1 in French.</summary>
    public static bool IsOne(int count, string language) => count == 1 || (count == 0 && Base(language) == "fr");

    /// <summary>"1 day", "2 days"; "0 jour", "2 jours"; "1 día", "2 días". English for a language the portal does not speak.</summary>
    public static string Days(int count, string language)
    {
        var (one, other) = DayWords.TryGetValue(Base(language), out var words) ? words : DayWords["en"];
        return count.ToString(CultureInfo.InvariantCulture) + " " + (IsOne(count, language) ? one : other);
    }

    private static string Base(string language) => language.Length >= 2 ? language[..2].ToLowerInvariant() : language;
}
