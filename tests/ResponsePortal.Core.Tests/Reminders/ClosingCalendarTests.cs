using ResponsePortal.Common;
using ResponsePortal.Communications;
using ResponsePortal.Deadlines;
using ResponsePortal.Documents;
using ResponsePortal.Reminders;

namespace ResponsePortal.Core.Tests.Reminders;

public sealed class ClosingCalendarTests
{
    private static readonly PortalOptions Options = new() { PortalBaseUrl = "https://portal.example.org/" };

    private static Communication Letter()
    {
        Reference.TryParse("AL USA 2/2021", out var reference, out _);
        return new Communication
        {
            Reference = reference!,
            AddresseeId = "USA",
            Subject = "Images shared online",
            Summary = "",
            Mandates = ["Special Rapporteur on the sale and sexual exploitation of children"],
            Window = ReplyWindow.Compute(new DateOnly(2021, 1, 25), 60, Options.SecretariatTimeZone()),
            Letter = new StoredDocument("al-usa-2-2021/letter/letter.pdf", "letter.pdf", "application/pdf", 1, new string('0', 64)),
            RegisteredAt = new DateTimeOffset(2021, 1, 25, 8, 0, 0, TimeSpan.Zero),
            RegisteredBy = "test",
        };
    }

    private static readonly DateTimeOffset Now = new(2021, 2, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_addressees_event_links_to_the_letter_page_it_replies_from()
    {
        var ics = ClosingCalendar.Render([Letter()], "USA", Now, Options);

        Assert.Contains("URL:https://portal.example.org/letter.html?slug=al-usa-2-2021\r\n", ics);
        Assert.DoesNotContain("/communications/", ics);
    }

    [Fact]
    public void The_secretariats_event_links_to_the_communication_page()
    {
        var ics = ClosingCalendar.Render([Letter()], CalendarFeed.SecretariatScope, Now, Options);

        Assert.Contains("URL:https://portal.example.org/communication.html?slug=al-usa-2-2021\r\n", ics);
    }
}
