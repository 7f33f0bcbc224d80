using ResponsePortal.Functions.Reminders;

namespace ResponsePortal.Integration.Tests.Reminders;

public sealed class MonitoringFunctionsTests : ReminderHarness
{
    protected override int SmtpPort => 25;

    private async Task<Harness.Response> SummaryAsync(string persona = "secretariat")
    {
        var request = Request("GET", "/api/monitoring/summary", TokenFor(persona));
        return await ExecuteAsync(request, await Get<MonitoringFunctions>().GetMonitoringSummary(request, default));
    }

    [Fact]
    public async Task Twenty_days_before_the_close_all_four_letters_await_a_reply_and_close_within_30_days()
    {
        Clock.SetUtcNow(new DateTimeOffset(2021, 3, 6, 12, 0, 0, TimeSpan.Zero));

        var summary = (await SummaryAsync()).Json;

        Assert.Equal(4, summary.GetProperty("countsByPhase").GetProperty("awaiting-reply").GetInt32());
        Assert.Equal(0, summary.GetProperty("closingIn7Days").GetArrayLength());
        Assert.Equal(4, summary.GetProperty("closingIn30Days").GetArrayLength());
        Assert.Equal(0, summary.GetProperty("closedWithoutReply").GetArrayLength());
    }

    [Fact]
    public async Task After_the_close_it_shows_on_time_late_and_missing_replies_per_addressee()
    {
        await RecordReplyAsync("al-usa-2-2021", new DateTimeOffset(2021, 2, 4, 9, 0, 0, TimeSpan.Zero));   // day 10
        await RecordReplyAsync("al-gbr-1-2021", new DateTimeOffset(2021, 3, 6, 9, 0, 0, TimeSpan.Zero));   // day 40
        Clock.SetUtcNow(new DateTimeOffset(2021, 3, 29, 9, 0, 0, TimeSpan.Zero));
        await RecordReplyAsync("al-rou-1-2021", new DateTimeOffset(2021, 3, 29, 9, 0, 0, TimeSpan.Zero)); // 3 days late

        var response = await SummaryAsync();

        Assert.Equal(200, response.Status);
        var summary = response.Json;
        Assert.Equal(4, summary.GetProperty("countsByPhase").GetProperty("closed").GetInt32());
        var statuses = summary.GetProperty("countsByReplyStatus");
        Assert.Equal((2, 1, 1), (statuses.GetProperty("on-time").GetInt32(), statuses.GetProperty("late").GetInt32(), statuses.GetProperty("none").GetInt32()));
        Assert.Equal("al-oth-1-2021", Assert.Single(summary.GetProperty("closedWithoutReply").EnumerateArray()).GetProperty("slug").GetString());
        var late = Assert.Single(summary.GetProperty("lateReplies").EnumerateArray());
        Assert.Equal(("al-rou-1-2021", 3), (late.GetProperty("slug").GetString(), late.GetProperty("daysLate").GetInt32()));
        var usa = summary.GetProperty("byAddressee").EnumerateArray().Single(a => a.GetProperty("addresseeId").GetString() == "USA");
        Assert.Equal((1, 1, 0, 0), (usa.GetProperty("letters").GetInt32(), usa.GetProperty("repliedOnTime").GetInt32(), usa.GetProperty("repliedLate").GetInt32(), usa.GetProperty("noReply").GetInt32()));
        Assert.Equal(10, usa.GetProperty("medianDaysToReply").GetDouble());
        var facebook = summary.GetProperty("byAddressee").EnumerateArray().Single(a => a.GetProperty("addresseeId").GetString() == "facebook");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, facebook.GetProperty("medianDaysToReply").ValueKind);
    }

    [Fact]
    public async Task An_addressee_gets_403_for_the_summary()
    {
        Assert.Equal(403, (await SummaryAsync("usa")).Status);
    }

    [Fact]
    public async Task An_unknown_state_filter_is_a_400_problem()
    {
        var request = Request("GET", "/api/monitoring/reminders?state=lost", TokenFor("secretariat"));

        var response = await ExecuteAsync(request, await Get<MonitoringFunctions>().ListReminderLog(request, default));

        Assert.Equal(400, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
    }

    [Fact]
    public async Task Resending_an_unknown_reminder_is_a_404()
    {
        var request = Request("POST", "/api/monitoring/reminders/al-usa-2-2021/99d/resend", TokenFor("secretariat"));

        var response = await ExecuteAsync(request, await Get<MonitoringFunctions>().ResendReminder(request, "al-usa-2-2021", "99d", default));

        Assert.Equal(404, response.Status);
    }
}
