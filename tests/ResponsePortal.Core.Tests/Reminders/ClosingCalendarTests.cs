using System.Text;
using ResponsePortal.Common;
using ResponsePortal.Communications;
using ResponsePortal.Deadlines;
using ResponsePortal.Documents;
using ResponsePortal.Reminders;

namespace ResponsePortal.Core.Tests.Reminders;

public sealed class ClosingCalendarTests
{
    private static readonly PortalOptions Options = new() { PortalBaseUrl = "https://portal.example.org/" };

    private static Communication Letter(string subject = "Images shared online")
    {
        Reference.TryParse("AL USA 2/2021", out var reference, out _);
        return new Communication
        {
            Reference = reference!,
            AddresseeId = "USA",
            Subject = subject,
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

    /// <summary>Undoes RFC 5545 folding (3.1): a CRLF followed by one space joins the lines.</summary>
    private static string[] Unfolded(string ics) => ics.Replace("\r\n ", "").Split("\r\n");

    private static string Unescaped(string value) => value.Replace("\\n", "\n").Replace("\\,", ",").Replace("\\;", ";").Replace("\\\\", "\\");

    [Fact]
    public void Long_lines_fold_at_75_octets_without_splitting_a_utf8_sequence_and_unfold_to_the_same_text()
    {
        var subject = "Lettre « éàü » " + string.Concat(Enumerable.Repeat("😀é", 40)) + " fin";
        var ics = ClosingCalendar.Render([Letter(subject)], "USA", Now, Options);

        Assert.EndsWith("\r\n", ics);
        foreach (var line in ics.Split("\r\n")[..^1])
        {
            var bytes = Encoding.UTF8.GetBytes(line);
            Assert.InRange(bytes.Length, 1, 75);
            // Each physical line decodes on its own: no sequence (nor surrogate pair) was cut in two.
            Assert.Equal(line, new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes));
        }
        var description = Unfolded(ics).Single(l => l.StartsWith("DESCRIPTION:", StringComparison.Ordinal));
        Assert.StartsWith(subject + "\n", Unescaped(description["DESCRIPTION:".Length..]), StringComparison.Ordinal);
    }

    [Fact]
    public void Text_escapes_backslash_semicolon_comma_and_newlines()
    {
        var ics = ClosingCalendar.Render([Letter("A; B, C \\ D\r\nE\nF")], "USA", Now, Options);

        var description = Unfolded(ics).Single(l => l.StartsWith("DESCRIPTION:", StringComparison.Ordinal));
        Assert.StartsWith("DESCRIPTION:A\\; B\\, C \\\\ D\\nE\\nF\\n", description, StringComparison.Ordinal);
        Assert.DoesNotContain(Unfolded(ics), l => l.Contains('\n') || l.Contains('\r'));
    }

    [Fact]
    public void Instants_are_utc_date_times_and_the_calendar_has_what_rfc_5545_requires()
    {
        var lines = Unfolded(ClosingCalendar.Render([Letter()], "USA", Now, Options));

        Assert.Equal("BEGIN:VCALENDAR", lines[0]);
        Assert.Contains("VERSION:2.0", lines);
        Assert.Contains(lines, l => l.StartsWith("PRODID:", StringComparison.Ordinal));
        Assert.Contains("UID:al-usa-2-2021-closes@responseportal", lines);
        Assert.Contains("DTSTAMP:20210201T080000Z", lines);
        // The window closes at 23:59:59.999 in Geneva on 26 March 2021, which is 22:59:59.999 UTC.
        Assert.Contains("DTSTART:20210326T225959Z", lines);
        Assert.Contains("DTEND:20210326T230000Z", lines);
        Assert.Equal(["BEGIN:VCALENDAR", "END:VCALENDAR"], lines.Where(l => l.EndsWith("VCALENDAR", StringComparison.Ordinal)));
    }
}
