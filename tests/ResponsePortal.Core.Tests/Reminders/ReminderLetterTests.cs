using ResponsePortal.Addressees;
using ResponsePortal.Communications;
using ResponsePortal.Deadlines;
using ResponsePortal.Documents;
using ResponsePortal.Reminders;

namespace ResponsePortal.Core.Tests.Reminders;

public sealed class ReminderLetterTests
{
    private static readonly TimeZoneInfo Geneva = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");

    private static Communication Letter()
    {
        Reference.TryParse("AL USA 2/2021", out var reference, out _);
        return new Communication
        {
            Reference = reference!,
            AddresseeId = "USA",
            Subject = "Sexual abuse images of girls shared through Instagram accounts",
            Summary = "",
            Mandates = ["Special Rapporteur on the sale and sexual exploitation of children"],
            Window = ReplyWindow.Compute(new DateOnly(2021, 1, 25), 60, Geneva),
            Letter = new StoredDocument("al-usa-2-2021/letter/letter.pdf", "letter.pdf", "application/pdf", 1, new string('0', 64)),
            RegisteredAt = new DateTimeOffset(2021, 1, 25, 8, 0, 0, TimeSpan.Zero),
            RegisteredBy = "test",
        };
    }

    private static readonly ReminderMessage OneDay = new(1, "al-usa-2-2021", "USA", "1d", new DateTimeOffset(2021, 3, 24, 23, 0, 0, TimeSpan.Zero), new DateTimeOffset(2021, 3, 26, 22, 59, 59, 999, TimeSpan.Zero));

    [Theory]
    [InlineData("fr", null, "fr")]
    [InlineData("es-ES", "fr", "es")]
    [InlineData(null, "es", "es")]
    [InlineData("de", null, "en")]
    [InlineData(null, null, "en")]
    public void The_language_is_the_contacts_then_the_addressees_when_we_have_it_and_english_otherwise(string? contactLanguage, string? addresseeLanguage, string expected)
    {
        var language = ReminderLetter.LanguageFor(new Contact("USA", "a@example.org", "A", contactLanguage), new Addressee("USA", AddresseeKind.State, "United States", addresseeLanguage));

        Assert.Equal(expected, language);
    }

    [Fact]
    public void The_spanish_reminder_gives_the_close_in_geneva_and_utc_and_says_what_will_be_published()
    {
        var email = ReminderLetter.Compose(Letter(), new Contact("USA", "a@example.org", "A", "es"), null, OneDay, Geneva, "https://portal.example.org/");

        Assert.Equal("Recordatorio: la respuesta a la comunicación AL USA 2/2021 vence en 1 día", email.Subject);
        Assert.Contains("enviada el 25 de enero de 2021", email.PlainText);
        Assert.Contains("2021-03-26 22:59 UTC", email.PlainText);
        Assert.Contains("se publicarán", email.PlainText);
        Assert.Contains("https://portal.example.org/letter.html?slug=al-usa-2-2021", email.PlainText);
    }

    [Theory]
    [InlineData("en", "1d", "is due in 1 day")]
    [InlineData("en", "7d", "is due in 7 days")]
    [InlineData("fr", "1d", "est attendue dans 1 jour")]
    [InlineData("fr", "14d", "est attendue dans 14 jours")]
    [InlineData("es", "30d", "vence en 30 días")]
    public void The_subject_counts_days_with_the_plural_of_the_language(string language, string kind, string expected)
    {
        var email = ReminderLetter.Compose(Letter(), new Contact("USA", "a@example.org", "A", language), null, OneDay with { Kind = kind }, Geneva, "https://portal.example.org/");

        Assert.EndsWith(expected, email.Subject);
    }

    [Fact]
    public void The_html_version_escapes_the_subject_of_the_letter()
    {
        var letter = Letter();
        var tricky = new Communication
        {
            Reference = letter.Reference, AddresseeId = letter.AddresseeId, Subject = "<script>alert(1)</script>", Summary = "", Mandates = letter.Mandates,
            Window = letter.Window, Letter = letter.Letter, RegisteredAt = letter.RegisteredAt, RegisteredBy = letter.RegisteredBy,
        };

        var email = ReminderLetter.Compose(tricky, new Contact("USA", "a@example.org", "A", null), null, OneDay, Geneva, "https://portal.example.org");

        Assert.DoesNotContain("<script>", email.Html);
        Assert.Contains("&lt;script&gt;", email.Html);
        Assert.Equal("Reminder: the reply to communication AL USA 2/2021 is due in 1 day", email.Subject);
    }
}
