using System.Globalization;

namespace ResponsePortal.Common;

/// <summary>
/// Counts in words for the texts the server writes (mails, receipts, the reply window explained): the portal's three
/// languages need only two forms, and French treats 0 as singular (CLDR). A table, not Humanizer (ADR 0802).
/// </summary>
public static class Plural
{
    /// <summary>The nouns the server counts, in its three languages (one, other).</summary>
    public enum Noun
    {
        Day,
        File,
        Communication,
        Message,
    }

    private static readonly Dictionary<(Noun, string), (string One, string Other)> Words = new()
    {
        [(Noun.Day, "en")] = ("day", "days"),
        [(Noun.Day, "fr")] = ("jour", "jours"),
        [(Noun.Day, "es")] = ("día", "días"),
        [(Noun.File, "en")] = ("file", "files"),
        [(Noun.File, "fr")] = ("fichier", "fichiers"),
        [(Noun.File, "es")] = ("archivo", "archivos"),
        [(Noun.Communication, "en")] = ("communication", "communications"),
        [(Noun.Communication, "fr")] = ("communication", "communications"),
        [(Noun.Communication, "es")] = ("comunicación", "comunicaciones"),
        [(Noun.Message, "en")] = ("message", "messages"),
        [(Noun.Message, "fr")] = ("message", "messages"),
        [(Noun.Message, "es")] = ("mensaje", "mensajes"),
    };

    /// <summary>Whether a count takes the singular in the language: 1 in English and Spanish, 0 and 1 in French.</summary>
    public static bool IsOne(int count, string language) => count == 1 || (count == 0 && Base(language) == "fr");

    /// <summary>"1 day", "2 days"; "0 jour", "2 jours"; "1 día", "2 días". English for a language the portal does not speak.</summary>
    public static string Days(int count, string language) => Count(count, Noun.Day, language);

    /// <summary>The count and its noun in the language's form: "1 file", "0 fichier", "3 archivos".</summary>
    public static string Count(int count, Noun noun, string language)
    {
        var (one, other) = Words.TryGetValue((noun, Base(language)), out var words) ? words : Words[(noun, "en")];
        return count.ToString(CultureInfo.InvariantCulture) + " " + (IsOne(count, language) ? one : other);
    }

    private static string Base(string language) => language.Length >= 2 ? language[..2].ToLowerInvariant() : language;
}
