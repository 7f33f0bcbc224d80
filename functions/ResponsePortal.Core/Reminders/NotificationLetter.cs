using System.Globalization;
using System.Net;
using ResponsePortal.Addressees;
using ResponsePortal.Common;
using ResponsePortal.Communications;
using ResponsePortal.Replies;

namespace ResponsePortal.Reminders;

/// <summary>
/// The words of notifications: a reply's receipt to each contact in the contact's language (English, French or
/// Spanish, as reminders), and the secretariat's mails (a reply received, the weekly digest) in English.
/// </summary>
public static class NotificationLetter
{
    public static ReminderEmail Receipt(Contact contact, Addressee? addressee, Communication communication, Reply reply, MailAttachment receipt, TimeZoneInfo zone, string portalBaseUrl)
    {
        var language = ReminderLetter.LanguageFor(contact, addressee);
        var culture = CultureInfo.GetCultureInfo(language);
        var local = TimeZoneInfo.ConvertTime(reply.ReceivedAt, zone);
        var dateFormat = language == "es" ? "d 'de' MMMM 'de' yyyy, HH:mm" : "d MMMM yyyy, HH:mm";
        var geneva = local.ToString(dateFormat, culture) + " (UTC" + local.ToString("zzz", CultureInfo.InvariantCulture) + ")";
        var utc = Utc(reply.ReceivedAt);
        var reference = communication.Reference.ToString();
        var files = reply.Files.Count;
        var link = PortalLinks.ReceiptForAddressee(portalBaseUrl, communication.Slug, reply.Id);
        var (greeting, subject, paragraphs) = language switch
        {
            "fr" => ("Madame, Monsieur,",
                $"Accusé de réception : réponse à la communication {reference}",
                new[]
                {
                    $"Votre réponse à la communication {reference} (« {communication.Subject} ») a été reçue le {geneva}, heure de Genève, soit le {utc}. Elle comprend {files} fichier(s).",
                    reply.IsLate ? $"Elle est arrivée {Plural.Days(reply.DaysLate, "fr")} après la clôture du délai et sera publiée avec cette mention." : "Elle est arrivée dans le délai de réponse.",
                    $"L'accusé de réception signé {reply.ReceiptId} est joint (JSON) ; il peut être vérifié hors ligne avec la clé publique du portail. Il est aussi consultable sur le portail :",
                }),
            "es" => ("Estimada señora, estimado señor:",
                $"Acuse de recibo: respuesta a la comunicación {reference}",
                new[]
                {
                    $"Su respuesta a la comunicación {reference} («{communication.Subject}») se recibió el {geneva}, hora de Ginebra, es decir, el {utc}. Contiene {files} archivo(s).",
                    reply.IsLate ? $"Llegó {Plural.Days(reply.DaysLate, "es")} después del cierre del plazo y se publicará con esa indicación." : "Llegó dentro del plazo de respuesta.",
                    $"Se adjunta el acuse de recibo firmado {reply.ReceiptId} (JSON); puede verificarse sin conexión con la clave pública del portal. También puede consultarse en el portal:",
                }),
            _ => ("Dear colleague,",
                $"Receipt: your reply to communication {reference}",
                new[]
                {
                    $"Your reply to communication {reference} (\"{communication.Subject}\") was received on {geneva}, Geneva time, which is {utc}. It holds {files} file{(files == 1 ? "" : "s")}.",
                    reply.IsLate ? $"It arrived {reply.DaysLate} day{(reply.DaysLate == 1 ? "" : "s")} after the window closed and will be published with that mark." : "It arrived within the reply window.",
                    $"The signed receipt {reply.ReceiptId} is attached (JSON); anyone can check it offline with the portal's public key. It is also in the portal:",
                }),
        };
        return Compose(contact.Email, contact.Name, language, subject, greeting, paragraphs, link) with { Attachments = [receipt] };
    }

    public static ReminderEmail ReplyToSecretariat(string mailbox, Communication communication, Addressee? addressee, Reply reply, TimeZoneInfo zone, string portalBaseUrl)
    {
        var reference = communication.Reference.ToString();
        var who = addressee?.Name ?? communication.AddresseeId;
        var subject = reply.IsLate
            ? $"Late reply ({reply.DaysLate} day{(reply.DaysLate == 1 ? "" : "s")} late): {reference} from {who}"
            : $"Reply received: {reference} from {who}";
        var paragraphs = new List<string>
        {
            $"{who} replied to communication {reference} (\"{communication.Subject}\") on {Geneva(reply.ReceivedAt, zone)}, Geneva time ({Utc(reply.ReceivedAt)}): {reply.Files.Count} file{(reply.Files.Count == 1 ? "" : "s")}, receipt {reply.ReceiptId}.",
            reply.IsLate
                ? $"The window closed on {Geneva(communication.Window.ClosesAt, zone)}; the reply is {reply.DaysLate} day{(reply.DaysLate == 1 ? "" : "s")} late."
                : $"The window closes on {Geneva(communication.Window.ClosesAt, zone)}.",
        };
        if (reply.Confidentiality is { } request)
        {
            paragraphs.Add($"It asks for confidentiality ({request.ReasonCategory}); it is not published until you decide.");
        }
        paragraphs.Add("The communication, its replies and its timeline:");
        return Compose(mailbox, "Secretariat", "en", subject, "Hello,", paragraphs, PortalLinks.CommunicationForSecretariat(portalBaseUrl, communication.Slug));
    }

    public static ReminderEmail Digest(string mailbox, DateTimeOffset at, IReadOnlyList<Communication> closingIn7Days, IReadOnlyList<Communication> closedWithoutReply, IReadOnlyList<ReminderRecord> deadLettered, TimeZoneInfo zone, string portalBaseUrl)
    {
        string Line(Communication c) => $"- {c.Reference} ({c.AddresseeId}): {c.Subject}; closes {Geneva(c.Window.ClosesAt, zone)}";
        string Section(string title, IReadOnlyList<string> lines) => title + "\n" + (lines.Count == 0 ? "- none" : string.Join("\n", lines));
        var paragraphs = new[]
        {
            $"The portal's week as of {Geneva(at, zone)}, Geneva time.",
            Section($"Closing in the next 7 days ({closingIn7Days.Count}):", closingIn7Days.Select(Line).ToList()),
            Section($"Closed in the last 7 days without a reply ({closedWithoutReply.Count}):", closedWithoutReply.Select(Line).ToList()),
            Section($"Dead-lettered reminders and notifications ({deadLettered.Count}), to resend from the reminder log:",
                deadLettered.Select(r => $"- {r.Slug} {r.Kind} ({r.AddresseeId}): {r.Reason}").ToList()),
            "The reminder log:",
        };
        return Compose(mailbox, "Secretariat", "en", $"Weekly digest: {closingIn7Days.Count} closing, {closedWithoutReply.Count} closed without reply, {deadLettered.Count} dead-lettered",
            "Hello,", paragraphs, PortalLinks.ReminderLog(portalBaseUrl));
    }

    private static string Geneva(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return local.ToString("d MMMM yyyy, HH:mm", CultureInfo.GetCultureInfo("en")) + " (UTC" + local.ToString("zzz", CultureInfo.InvariantCulture) + ")";
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>Plain text and HTML of the same paragraphs; a paragraph's lines become a list in HTML.</summary>
    private static ReminderEmail Compose(string to, string toName, string language, string subject, string greeting, IReadOnlyList<string> paragraphs, string link)
    {
        var plain = $"{greeting}\n\n{string.Join("\n\n", paragraphs)}\n\n{link}\n";
        static string Html(string paragraph)
        {
            var lines = paragraph.Split('\n');
            var items = lines.Skip(1).Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();
            return items.Count == 0
                ? $"<p>{WebUtility.HtmlEncode(paragraph)}</p>"
                : $"<p>{WebUtility.HtmlEncode(lines[0])}</p><ul>{string.Concat(items.Select(i => $"<li>{WebUtility.HtmlEncode(i[2..])}</li>"))}</ul>";
        }
        var html = $"<!DOCTYPE html><html lang=\"{language}\"><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(subject)}</title></head><body>" +
                   $"<p>{WebUtility.HtmlEncode(greeting)}</p>" + string.Concat(paragraphs.Select(Html)) +
                   $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">{WebUtility.HtmlEncode(link)}</a></p></body></html>";
        return new ReminderEmail(to, toName, subject, plain, html, language);
    }
}
