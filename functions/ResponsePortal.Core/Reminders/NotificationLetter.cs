using System.Globalization;
using System.Net;
using ResponsePortal.Addressees;
using ResponsePortal.Common;
using ResponsePortal.Communications;
using ResponsePortal.Replies;

namespace ResponsePortal.Reminders;

/// <summary>
/// The words of notifications: a reply's receipt to each contact in the contact's language (English, French or
/// Spanish, as reminders), and the secretariat's mails (a reply received, the weekly digest) in the language set for
/// the secretariat's mailbox (<c>Reminders__SecretariatLanguage</c>, English by default). Counts take the language's
/// plural forms (<see cref="Plural"/>, ADR 0802).
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
                    $"Votre réponse à la communication {reference} (« {communication.Subject} ») a été reçue le {geneva}, heure de Genève, soit le {utc}. Elle comprend {Plural.Count(files, Plural.Noun.File, "fr")}.",
                    reply.IsLate ? $"Elle est arrivée {Plural.Days(reply.DaysLate, "fr")} après la clôture du délai et sera publiée avec cette mention." : "Elle est arrivée dans le délai de réponse.",
                    $"L'accusé de réception signé {reply.ReceiptId} est joint (JSON) ; il peut être vérifié hors ligne avec la clé publique du portail. Il est aussi consultable sur le portail :",
                }),
            "es" => ("Estimada señora, estimado señor:",
                $"Acuse de recibo: respuesta a la comunicación {reference}",
                new[]
                {
                    $"Su respuesta a la comunicación {reference} («{communication.Subject}») se recibió el {geneva}, hora de Ginebra, es decir, el {utc}. Contiene {Plural.Count(files, Plural.Noun.File, "es")}.",
                    reply.IsLate ? $"Llegó {Plural.Days(reply.DaysLate, "es")} después del cierre del plazo y se publicará con esa indicación." : "Llegó dentro del plazo de respuesta.",
                    $"Se adjunta el acuse de recibo firmado {reply.ReceiptId} (JSON); puede verificarse sin conexión con la clave pública del portal. También puede consultarse en el portal:",
                }),
            _ => ("Dear colleague,",
                $"Receipt: your reply to communication {reference}",
                new[]
                {
                    $"Your reply to communication {reference} (\"{communication.Subject}\") was received on {geneva}, Geneva time, which is {utc}. It holds {Plural.Count(files, Plural.Noun.File, "en")}.",
                    reply.IsLate ? $"It arrived {Plural.Days(reply.DaysLate, "en")} after the window closed and will be published with that mark." : "It arrived within the reply window.",
                    $"The signed receipt {reply.ReceiptId} is attached (JSON); anyone can check it offline with the portal's public key. It is also in the portal:",
                }),
        };
        return Compose(contact.Email, contact.Name, language, subject, greeting, paragraphs, link) with { Attachments = [receipt] };
    }

    /// <summary>The secretariat's mail about one reply, in the secretariat's language (<c>Reminders__SecretariatLanguage</c>).</summary>
    public static ReminderEmail ReplyToSecretariat(string mailbox, string language, Communication communication, Addressee? addressee, Reply reply, TimeZoneInfo zone, string portalBaseUrl)
    {
        language = SecretariatLanguage(language);
        var reference = communication.Reference.ToString();
        var who = addressee?.Name ?? communication.AddresseeId;
        var received = Geneva(reply.ReceivedAt, zone, language);
        var utc = Utc(reply.ReceivedAt);
        var closes = Geneva(communication.Window.ClosesAt, zone, language);
        var files = Plural.Count(reply.Files.Count, Plural.Noun.File, language);
        var late = Plural.Days(reply.DaysLate, language);
        var category = reply.Confidentiality is { } request ? ConfidentialityCategories.InWords(request.ReasonCategory, language) : null;
        var (greeting, subject, paragraphs) = language switch
        {
            "fr" => ("Bonjour,",
                reply.IsLate ? $"Réponse tardive ({late} de retard) : {reference} de {who}" : $"Réponse reçue : {reference} de {who}",
                new List<string>
                {
                    $"{who} a répondu à la communication {reference} (« {communication.Subject} ») le {received}, heure de Genève ({utc}) : {files}, accusé de réception {reply.ReceiptId}.",
                    reply.IsLate ? $"Le délai a pris fin le {closes} ; la réponse a {late} de retard." : $"Le délai prend fin le {closes}.",
                }),
            "es" => ("Buenos días:",
                reply.IsLate ? $"Respuesta tardía ({late} de retraso): {reference} de {who}" : $"Respuesta recibida: {reference} de {who}",
                new List<string>
                {
                    $"{who} respondió a la comunicación {reference} («{communication.Subject}») el {received}, hora de Ginebra ({utc}): {files}, acuse de recibo {reply.ReceiptId}.",
                    reply.IsLate ? $"El plazo terminó el {closes}; la respuesta llega con {late} de retraso." : $"El plazo termina el {closes}.",
                }),
            _ => ("Hello,",
                reply.IsLate ? $"Late reply ({late} late): {reference} from {who}" : $"Reply received: {reference} from {who}",
                new List<string>
                {
                    $"{who} replied to communication {reference} (\"{communication.Subject}\") on {received}, Geneva time ({utc}): {files}, receipt {reply.ReceiptId}.",
                    reply.IsLate ? $"The window closed on {closes}; the reply is {late} late." : $"The window closes on {closes}.",
                }),
        };
        if (category is not null)
        {
            paragraphs.Add(language switch
            {
                "fr" => $"Elle demande la confidentialité (motif : {category}) ; elle n'est pas publiée avant votre décision.",
                "es" => $"Solicita confidencialidad (motivo: {category}); no se publica hasta que usted decida.",
                _ => $"It asks for confidentiality ({category}); it is not published until you decide.",
            });
        }
        paragraphs.Add(language switch
        {
            "fr" => "La communication, ses réponses et sa chronologie :",
            "es" => "La comunicación, sus respuestas y su cronología:",
            _ => "The communication, its replies and its timeline:",
        });
        return Compose(mailbox, SecretariatName(language), language, subject, greeting, paragraphs, PortalLinks.CommunicationForSecretariat(portalBaseUrl, communication.Slug));
    }

    /// <summary>
    /// The weekly digest, in the secretariat's language. Its subject names its ISO week (Monday to Sunday, Geneva
    /// dates), the week its kind <c>digest-{year}-W{week}</c> was claimed for, whenever it is delivered.
    /// </summary>
    public static ReminderEmail Digest(string mailbox, string language, DateOnly weekMonday, DateTimeOffset at, IReadOnlyList<Communication> closingIn7Days,
        IReadOnlyList<Communication> closedWithoutReply, IReadOnlyList<ReminderRecord> deadLettered, IReadOnlyDictionary<string, string> addresseeNames,
        IReadOnlyDictionary<string, string> references, TimeZoneInfo zone, string portalBaseUrl)
    {
        language = SecretariatLanguage(language);
        string Name(string id) => addresseeNames.TryGetValue(id, out var name) ? name : id;
        string Line(Communication c) => language switch
        {
            "fr" => $"- {c.Reference} ({Name(c.AddresseeId)}) : {c.Subject} ; clôture le {Geneva(c.Window.ClosesAt, zone, language)}",
            "es" => $"- {c.Reference} ({Name(c.AddresseeId)}): {c.Subject}; cierra el {Geneva(c.Window.ClosesAt, zone, language)}",
            _ => $"- {c.Reference} ({Name(c.AddresseeId)}): {c.Subject}; closes {Geneva(c.Window.ClosesAt, zone, language)}",
        };
        string DeadLine(ReminderRecord r)
        {
            var what = r.Slug == NotificationKinds.DigestSlug ? KindInWords(r.Kind, language)
                : $"{references.GetValueOrDefault(r.Slug, r.Slug)}, {KindInWords(r.Kind, language)}";
            var to = r.AddresseeId == NotificationKinds.Secretariat ? SecretariatName(language) : Name(r.AddresseeId);
            return $"- {what} ({to}): {r.Reason}";
        }
        var none = language switch { "fr" => "- aucune", "es" => "- ninguna", _ => "- none" };
        string Section(string title, IReadOnlyList<string> lines) => title + "\n" + (lines.Count == 0 ? none : string.Join("\n", lines));
        var now = Geneva(at, zone, language);
        var closing = closingIn7Days.Select(Line).ToList();
        var closed = closedWithoutReply.Select(Line).ToList();
        var dead = deadLettered.Select(DeadLine).ToList();
        var (title, paragraphs) = language switch
        {
            "fr" => ("Résumé hebdomadaire", new[]
            {
                $"La semaine du portail au {now}, heure de Genève.",
                Section($"Délais qui se terminent dans les 7 prochains jours ({closing.Count}) :", closing),
                Section($"Délais terminés ces 7 derniers jours sans réponse ({closed.Count}) :", closed),
                Section($"Rappels et notifications non distribués ({dead.Count}), à renvoyer depuis le journal des rappels :", dead),
                "Le journal des rappels :",
            }),
            "es" => ("Resumen semanal", new[]
            {
                $"La semana del portal al {now}, hora de Ginebra.",
                Section($"Plazos que terminan en los próximos 7 días ({closing.Count}):", closing),
                Section($"Plazos terminados en los últimos 7 días sin respuesta ({closed.Count}):", closed),
                Section($"Recordatorios y notificaciones no entregados ({dead.Count}), para reenviar desde el registro de recordatorios:", dead),
                "El registro de recordatorios:",
            }),
            _ => ("Weekly digest", new[]
            {
                $"The portal's week as of {now}, Geneva time.",
                Section($"Closing in the next 7 days ({closing.Count}):", closing),
                Section($"Closed in the last 7 days without a reply ({closed.Count}):", closed),
                Section($"Dead-lettered reminders and notifications ({dead.Count}), to resend from the reminder log:", dead),
                "The reminder log:",
            }),
        };
        return Compose(mailbox, SecretariatName(language), language, $"{title}, {WeekInWords(weekMonday, language)}", language switch { "fr" => "Bonjour,", "es" => "Buenos días:", _ => "Hello," },
            paragraphs, PortalLinks.ReminderLog(portalBaseUrl));
    }

    /// <summary>The Monday of the ISO week a digest kind (<c>digest-2026-W49</c>) names; null for another kind.</summary>
    public static DateOnly? DigestWeek(string kind)
    {
        var match = System.Text.RegularExpressions.Regex.Match(kind, @"^digest-(\d{4})-W(\d{2})$");
        if (!match.Success)
        {
            return null;
        }
        var (year, week) = (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
        return week is >= 1 and <= 53 && week <= ISOWeek.GetWeeksInYear(year) ? DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday)) : null;
    }

    /// <summary>
    /// A week from Monday to Sunday as people write it: "30 November – 6 December 2026", "7 – 13 December 2026",
    /// "28 December 2026 – 3 January 2027"; "30 novembre – 6 décembre 2026"; "30 de noviembre – 6 de diciembre de 2026".
    /// </summary>
    public static string WeekInWords(DateOnly monday, string language)
    {
        language = SecretariatLanguage(language);
        var culture = CultureInfo.GetCultureInfo(language);
        var sunday = monday.AddDays(6);
        var of = language == "es" ? " 'de' " : " ";
        var full = "d" + of + "MMMM" + of + "yyyy";
        var first = monday.Year != sunday.Year ? full : monday.Month != sunday.Month ? "d" + of + "MMMM" : "%d";
        return monday.ToString(first, culture) + " – " + sunday.ToString(full, culture);
    }

    /// <summary>A reminder log kind in words, as the reminder log page shows it.</summary>
    public static string KindInWords(string kind, string language)
    {
        if (ReminderKinds.OffsetOf(kind) is { } days)
        {
            return language switch
            {
                "fr" => $"rappel {Plural.Days(days, language)} avant la clôture",
                "es" => $"recordatorio {Plural.Days(days, language)} antes del cierre",
                _ => $"reminder {Plural.Days(days, language)} before the close",
            };
        }
        return (kind, language) switch
        {
            (ReminderKinds.Closure, "fr") => "clôture",
            (ReminderKinds.Closure, "es") => "cierre",
            (ReminderKinds.Closure, _) => "closure",
            _ when kind.StartsWith(NotificationKinds.ReceiptPrefix, StringComparison.Ordinal)
                => language switch { "fr" => "accusé de réception", "es" => "acuse de recibo", _ => "receipt" },
            _ when kind.StartsWith(NotificationKinds.SecretariatReplyPrefix, StringComparison.Ordinal)
                => language switch { "fr" => "avis de réponse au secrétariat", "es" => "aviso de respuesta a la secretaría", _ => "reply notice to the secretariat" },
            _ when DigestWeek(kind) is { } monday
                => (language switch { "fr" => "résumé hebdomadaire, ", "es" => "resumen semanal, ", _ => "weekly digest, " }) + WeekInWords(monday, language),
            _ => kind,
        };
    }

    /// <summary>The secretariat's language: English, French or Spanish (<c>Reminders__SecretariatLanguage</c>), English otherwise.</summary>
    private static string SecretariatLanguage(string language)
    {
        var primary = language.Split('-')[0].ToLowerInvariant();
        return ReminderLetter.Languages.Contains(primary) ? primary : "en";
    }

    private static string SecretariatName(string language) => language switch { "fr" => "Secrétariat", "es" => "Secretaría", _ => "Secretariat" };

    private static string Geneva(DateTimeOffset at, TimeZoneInfo zone, string language)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var format = language == "es" ? "d 'de' MMMM 'de' yyyy, HH:mm" : "d MMMM yyyy, HH:mm";
        return local.ToString(format, CultureInfo.GetCultureInfo(language)) + " (UTC" + local.ToString("zzz", CultureInfo.InvariantCulture) + ")";
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
