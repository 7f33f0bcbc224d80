using ResponsePortal.Functions.Reminders;

namespace ResponsePortal.Integration.Tests.Reminders;

public sealed class CalendarFunctionsTests : ReminderHarness
{
    protected override int SmtpPort => 25;

    private async Task<Harness.Response> CreateFeedAsync(string persona)
    {
        var request = Request("POST", "/api/calendar-feeds", TokenFor(persona));
        return await ExecuteAsync(request, await Get<CalendarFunctions>().CreateCalendarFeed(request, default));
    }

    private async Task<Harness.Response> ReadFeedAsync(string url)
    {
        var file = url[(url.LastIndexOf('/') + 1)..];
        var request = Request("GET", "/api/calendar/" + file);
        return await ExecuteAsync(request, await Get<CalendarFunctions>().GetCalendarFeed(request, file, default));
    }

    private async Task<Harness.Response> RevokeAsync(string persona, string id)
    {
        var request = Request("DELETE", "/api/calendar-feeds/" + id, TokenFor(persona));
        return await ExecuteAsync(request, await Get<CalendarFunctions>().RevokeCalendarFeed(request, id, default));
    }

    [Fact]
    public async Task The_secretariat_calendar_lists_every_closing_date_as_an_icalendar_event()
    {
        var request = Request("GET", "/api/monitoring/calendar.ics", TokenFor("secretariat"));

        var response = await ExecuteAsync(request, await Get<MonitoringFunctions>().GetSecretariatCalendar(request, default));

        Assert.Equal(200, response.Status);
        Assert.Equal("text/calendar; charset=utf-8", response.ContentType);
        Assert.StartsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", response.Body);
        Assert.Equal(4, response.Body.Split("BEGIN:VEVENT").Length - 1);
        Assert.Contains("UID:al-usa-2-2021-closes@responseportal\r\n", response.Body);
        Assert.Contains("DTSTART:20210326T225959Z\r\n", response.Body);
        Assert.All(response.Body.Split("\r\n"), line => Assert.True(System.Text.Encoding.UTF8.GetByteCount(line) <= 75, line));
    }

    [Fact]
    public async Task An_addressee_feed_is_readable_without_signing_in_and_holds_only_its_own_letters()
    {
        var created = await CreateFeedAsync("usa");
        Assert.Equal(201, created.Status);

        var feed = await ReadFeedAsync(created.Json.GetProperty("url").GetString()!);

        Assert.Equal(200, feed.Status);
        Assert.Contains("UID:al-usa-2-2021-closes@responseportal", feed.Body);
        Assert.Equal(1, feed.Body.Split("BEGIN:VEVENT").Length - 1);
    }

    [Fact]
    public async Task A_revoked_feed_is_a_404()
    {
        var created = (await CreateFeedAsync("secretariat")).Json;

        Assert.Equal(200, (await RevokeAsync("secretariat", created.GetProperty("id").GetString()!)).Status);

        Assert.Equal(404, (await ReadFeedAsync(created.GetProperty("url").GetString()!)).Status);
    }

    [Fact]
    public async Task An_addressee_cannot_revoke_another_addressees_feed()
    {
        var created = (await CreateFeedAsync("usa")).Json;

        Assert.Equal(404, (await RevokeAsync("romania", created.GetProperty("id").GetString()!)).Status);
        Assert.Equal(200, (await ReadFeedAsync(created.GetProperty("url").GetString()!)).Status);
    }

    [Fact]
    public async Task A_guessed_token_is_a_404()
    {
        Assert.Equal(404, (await ReadFeedAsync("/api/calendar/not-a-real-token.ics")).Status);
    }
}
