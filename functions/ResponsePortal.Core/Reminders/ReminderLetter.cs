using System.Globalization;
using System.Net;
using ResponsePortal.Addressees;
using ResponsePortal.Common;
using ResponsePortal.Communications;

namespace ResponsePortal.Reminders;

/// <summary>The words of a reminder, in English, French or Spanish: which letter, when sent, when the window closes, what happens then.</summary>
public static class ReminderLetter
{
    public static readonly IReadOnlyList<string> Languages = ["en", "fr", "es"];

    public static string LanguageFor(Contact contact, Addressee? addressee)
    {
        foreach (var candidate in new[] { contact.Language, addressee?.PreferredLanguage })
        {
            var primary = candidate?.Split('-')[0].ToLowerInvariant();
            if (primary is not null && Languages.Contains(primary))
            {
                return primary;
            }
        }
        return "en";
    }

    public static Notice NoticeFor(Communication communication, ReminderMessage message, DateTimeOffset at, TimeZoneInfo zone, string portalBaseUrl)
    {
        var text = Texts("en", communication, message, zone, portalBaseUrl);
        return new Notice(communication.AddresseeId, communication.Slug, message.Kind, at, text.Subject, text.Body, communication.Window.ClosesAt);
    }

    public static ReminderEmail Compose(Communication communication, Contact contact, Addressee? addressee, ReminderMessage message, TimeZoneInfo zone, string portalBaseUrl)
    {
        var language = LanguageFor(contact, addressee);
        var (subject, body, link) = Texts(language, communication, message, zone, portalBaseUrl);
        var greeting = language switch { "fr" => "Madame, Monsieur,", "es" => "Estimada señora, estimado señor:", _ => "Dear colleague," };
        var plain = $"{greeting}\n\n{body}\n\n{link}\n";
        var html = $"<!DOCTYPE html><html lang=\"{language}\"><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(subject)}</title></head><body>" +
                   $"<p>{WebUtility.HtmlEncode(greeting)}</p>" +
                   string.Concat(body.Split("\n\n").Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>")) +
                   $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">{WebUtility.HtmlEncode(link)}</a></p></body></html>";
        return new ReminderEmail(contact.Email, contact.Name, subject, plain, html, language);
    }

    private static (string Subject, string Body, string Link) Texts(string language, Communication communication, ReminderMessage message, TimeZoneInfo zone, string portalBaseUrl)
    {
        var culture = CultureInfo.GetCultureInfo(language);
        var closesLocal = TimeZoneInfo.ConvertTime(communication.Window.ClosesAt, zone);
        var (dayFormat, dateFormat) = language == "es" ? ("dddd d 'de' MMMM 'de' yyyy", "d 'de' MMMM 'de' yyyy") : ("dddd d MMMM yyyy", "d MMMM yyyy");
        var geneva = closesLocal.ToString(dayFormat + ", HH:mm", culture) + " (UTC" + closesLocal.ToString("zzz", CultureInfo.InvariantCulture) + ")";
        var utc = communication.Window.ClosesAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
        var sent = communication.Window.SentOn.ToString(dateFormat, culture);
        var days = ReminderKinds.OffsetOf(message.Kind) ?? 0;
        var reference = communication.Reference.ToString();
        var link = PortalLinks.LetterForAddressee(portalBaseUrl, communication.Slug);
        return language switch
        {
            "fr" => ($"Rappel : la réponse à la communication {reference} est attendue dans {Plural.Days(days, "fr")}",
                $"Ceci est un rappel concernant la communication {reference} (« {communication.Subject} »), envoyée le {sent}.\n\n" +
                $"Le délai de réponse se termine le {geneva}, heure de Genève, soit le {utc}.\n\n" +
                "À la clôture du délai, la communication et toute réponse reçue seront publiées.\n\n" +
                "Pour répondre, connectez-vous au portail :", link),
            "es" => ($"Recordatorio: la respuesta a la comunicación {reference} vence en {Plural.Days(days, "es")}",
                $"Le recordamos la comunicación {reference} («{communication.Subject}»), enviada el {sent}.\n\n" +
                $"El plazo de respuesta termina el {geneva}, hora de Ginebra, es decir, el {utc}.\n\n" +
                "Al cerrarse el plazo, la comunicación y cualquier respuesta recibida se publicarán.\n\n" +
                "Para responder, acceda al portal:", link),
            _ => ($"Reminder: the reply to communication {reference} is due in {Plural.Days(days, "en")}",
                $"This is a reminder about communication {reference} (\"{communication.Subject}\"), sent on {sent}.\n\n" +
                $"The window to reply closes on {geneva}, Geneva time, which is {utc}.\n\n" +
                "When the window closes, the communication and any reply received will be published.\n\n" +
                "To reply, sign in to the portal:", link),
        };
    }
}
