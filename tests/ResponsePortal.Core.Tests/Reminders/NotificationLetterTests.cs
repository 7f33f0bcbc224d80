using System.Text;
using ResponsePortal.Addressees;
using ResponsePortal.Communications;
using ResponsePortal.Deadlines;
using ResponsePortal.Documents;
using ResponsePortal.Reminders;
using ResponsePortal.Replies;

namespace ResponsePortal.Core.Tests.Reminders;

public sealed class NotificationLetterTests
{
    private static readonly TimeZoneInfo Geneva = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
    private static readonly Addressee Usa = new("USA", AddresseeKind.State, "United States of America", "en");
    private static readonly DateOnly Week49 = new(2026, 11, 30);

    private static Communication Letter(string reference = "AL USA 2/2021", string addresseeId = "USA")
    {
        Reference.TryParse(reference, out var parsed, out _);
        return new Communication
        {
            Reference = parsed!,
            AddresseeId = addresseeId,
            Subject = "Sexual abuse images of girls shared through Instagram accounts",
            Summary = "",
            Mandates = ["Special Rapporteur on the sale and sexual exploitation of children"],
            Window = ReplyWindow.Compute(new DateOnly(2021, 1, 25), 60, Geneva),
            Letter = new StoredDocument("al-usa-2-2021/letter/letter.pdf", "letter.pdf", "application/pdf", 1, new string('0', 64)),
            RegisteredAt = new DateTimeOffset(2021, 1, 25, 8, 0, 0, TimeSpan.Zero),
            RegisteredBy = "test",
        };
    }

    private static Reply Reply(int files, int daysLate = 0, string? category = null)
        => new("r1", "al-usa-2-2021", "USA", new DateTimeOffset(2021, 3, 1, 10, 0, 0, TimeSpan.Zero).AddDays(daysLate == 0 ? 0 : 27 + daysLate), daysLate, null, "en",
            Enumerable.Range(1, files).Select(i => new ReplyFile($"b{i}", $"reply-{i}.pdf", "application/pdf", 10, new string('a', 64))).ToList(),
            category is null ? null : new ConfidentialityRequest(category, "Names of victims", new DateTimeOffset(2021, 3, 1, 10, 0, 0, TimeSpan.Zero), "usa", null), "rc1", "usa");

    [Theory]
    [InlineData("en", "Reply received: AL USA 2/2021 from United States of America", "1 file, receipt rc1")]
    [InlineData("fr", "Réponse reçue : AL USA 2/2021 de United States of America", "1 fichier, accusé de réception rc1")]
    [InlineData("es", "Respuesta recibida: AL USA 2/2021 de United States of America", "1 archivo, acuse de recibo rc1")]
    [InlineData("FR", "Réponse reçue : AL USA 2/2021 de United States of America", "1 fichier")]
    [InlineData("de", "Reply received: AL USA 2/2021 from United States of America", "1 file")]
    public void The_secretariats_reply_mail_is_in_the_secretariats_language(string language, string subject, string counted)
    {
        var mail = NotificationLetter.ReplyToSecretariat("desk@example.org", language, Letter(), Usa, Reply(files: 1), Geneva, "https://portal.example.org");

        Assert.Equal(subject, mail.Subject);
        Assert.Contains(counted, mail.PlainText);
        Assert.Contains("https://portal.example.org/communication.html?slug=al-usa-2-2021", mail.PlainText);
        Assert.Contains($"<html lang=\"{(language is "de" ? "en" : language.ToLowerInvariant())}\">", mail.Html);
    }

    [Theory]
    [InlineData("en", "Late reply (1 day late): AL USA 2/2021 from United States of America", "3 files", "It asks for confidentiality (Privacy of victims)")]
    [InlineData("fr", "Réponse tardive (1 jour de retard) : AL USA 2/2021 de United States of America", "3 fichiers", "Elle demande la confidentialité (motif : Vie privée des victimes)")]
    [InlineData("es", "Respuesta tardía (1 día de retraso): AL USA 2/2021 de United States of America", "3 archivos", "Solicita confidencialidad (motivo: Privacidad de las víctimas)")]
    public void A_late_reply_with_a_confidentiality_request_is_said_in_words_with_plural_forms(string language, string subject, string files, string confidentiality)
    {
        var mail = NotificationLetter.ReplyToSecretariat("desk@example.org", language, Letter(), Usa, Reply(files: 3, daysLate: 1, category: "privacy-of-victims"), Geneva, "https://portal.example.org");

        Assert.Equal(subject, mail.Subject);
        Assert.Contains(files, mail.PlainText);
        Assert.Contains(confidentiality, mail.PlainText);
        Assert.DoesNotContain("privacy-of-victims", mail.PlainText);
    }

    [Theory]
    [InlineData("en", "It holds 1 file.")]
    [InlineData("fr", "Elle comprend 1 fichier.")]
    [InlineData("es", "Contiene 1 archivo.")]
    public void A_receipt_counts_its_files_in_the_contacts_language_without_a_parenthesised_plural(string language, string expected)
    {
        var receipt = new MailAttachment("receipt-rc1.json", "application/json", Encoding.UTF8.GetBytes("{}"));

        var mail = NotificationLetter.Receipt(new Contact("USA", "a@example.org", "A", language), Usa, Letter(), Reply(files: 1), receipt, Geneva, "https://portal.example.org");

        Assert.Contains(expected, mail.PlainText);
        Assert.DoesNotContain("(s)", mail.PlainText);
    }

    [Theory]
    [InlineData("en", "Weekly digest, 30 November – 6 December 2026")]
    [InlineData("fr", "Résumé hebdomadaire, 30 novembre – 6 décembre 2026")]
    [InlineData("es", "Resumen semanal, 30 de noviembre – 6 de diciembre de 2026")]
    public void The_digests_subject_names_its_week_in_the_secretariats_language(string language, string subject)
    {
        var mail = NotificationLetter.Digest("desk@example.org", language, Week49, new DateTimeOffset(2026, 11, 30, 6, 0, 0, TimeSpan.Zero), [], [], [],
            new Dictionary<string, string>(), new Dictionary<string, string>(), Geneva, "https://portal.example.org");

        Assert.Equal(subject, mail.Subject);
        Assert.Equal(language, mail.Language);
    }

    [Theory]
    [InlineData(2026, 12, 7, "en", "7 – 13 December 2026")]
    [InlineData(2026, 12, 28, "en", "28 December 2026 – 3 January 2027")]
    [InlineData(2026, 12, 28, "fr", "28 décembre 2026 – 3 janvier 2027")]
    [InlineData(2026, 12, 28, "es", "28 de diciembre de 2026 – 3 de enero de 2027")]
    public void A_week_is_written_as_people_write_it(int year, int month, int day, string language, string expected)
        => Assert.Equal(expected, NotificationLetter.WeekInWords(new DateOnly(year, month, day), language));

    [Theory]
    [InlineData("digest-2026-W49", 2026, 11, 30)]
    [InlineData("digest-2021-W12", 2021, 3, 22)]
    [InlineData("digest-2020-W53", 2020, 12, 28)]
    public void A_digest_kind_names_the_monday_of_its_iso_week(string kind, int year, int month, int day)
        => Assert.Equal(new DateOnly(year, month, day), NotificationLetter.DigestWeek(kind));

    [Theory]
    [InlineData("digest-2021-W53")]
    [InlineData("digest-2021-W1")]
    [InlineData("14d")]
    public void Anything_else_names_no_week(string kind) => Assert.Null(NotificationLetter.DigestWeek(kind));

    [Fact]
    public void The_digest_names_letters_by_reference_and_addressees_by_name_in_its_language()
    {
        var dead = new ReminderRecord("al-usa-2-2021", "1d", "USA", ReminderState.DeadLettered, default, default, default, default, 3, "SMTP refused", 0);
        var names = new Dictionary<string, string> { ["USA"] = "United States of America" };
        var references = new Dictionary<string, string> { ["al-usa-2-2021"] = "AL USA 2/2021" };

        var mail = NotificationLetter.Digest("desk@example.org", "fr", Week49, new DateTimeOffset(2026, 11, 30, 6, 0, 0, TimeSpan.Zero), [Letter()], [], [dead], names, references, Geneva, "https://portal.example.org");

        Assert.Contains("Délais qui se terminent dans les 7 prochains jours (1) :\n- AL USA 2/2021 (United States of America) : ", mail.PlainText);
        Assert.Contains("Délais terminés ces 7 derniers jours sans réponse (0) :\n- aucune", mail.PlainText);
        Assert.Contains("- AL USA 2/2021, rappel 1 jour avant la clôture (United States of America): SMTP refused", mail.PlainText);
        Assert.Contains("<li>AL USA 2/2021 (United States of America) : ", mail.Html);
        Assert.Contains("https://portal.example.org/reminders.html", mail.PlainText);
    }

    [Theory]
    [InlineData("14d", "en", "reminder 14 days before the close")]
    [InlineData("1d", "fr", "rappel 1 jour avant la clôture")]
    [InlineData("closure", "es", "cierre")]
    [InlineData("receipt-r1", "es", "acuse de recibo")]
    [InlineData("reply-r1", "en", "reply notice to the secretariat")]
    [InlineData("digest-2026-W49", "en", "weekly digest, 30 November – 6 December 2026")]
    [InlineData("something-else", "en", "something-else")]
    public void Log_kinds_have_words(string kind, string language, string expected)
        => Assert.Equal(expected, NotificationLetter.KindInWords(kind, language));
}
