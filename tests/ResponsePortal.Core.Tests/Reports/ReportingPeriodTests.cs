using ResponsePortal.Reports;

namespace ResponsePortal.Core.Tests.Reports;

public sealed class ReportingPeriodTests
{
    private static readonly DateTimeOffset At = new(2021, 5, 3, 9, 0, 0, TimeSpan.Zero);

    private static ReportingPeriodDraft Draft(string name = "HRC 47", string start = "2021-01-01", string end = "2021-04-30")
        => new() { Name = name, Session = "47th regular session", StartsOn = start, EndsOn = end };

    [Fact]
    public void A_period_takes_its_id_from_its_name_and_starts_as_a_draft()
    {
        var period = ReportingPeriod.Create(Draft(), At, "secretariat-1").Value!;

        Assert.Equal("hrc-47", period.Id);
        Assert.Equal(ReportStatus.Draft, period.Status);
        Assert.Equal((new DateOnly(2021, 1, 1), new DateOnly(2021, 4, 30)), (period.StartsOn, period.EndsOn));
    }

    [Theory]
    [InlineData("", "2021-01-01", "2021-04-30", "name")]
    [InlineData("HRC\u202E47", "2021-01-01", "2021-04-30", "name")]
    [InlineData("HRC 47", "2021-02-30", "2021-04-30", "startsOn")]
    [InlineData("HRC 47", "2021-05-01", "2021-04-30", "endsOn")]
    [InlineData("HRC 47", "2021-01-01", "2022-01-02", "endsOn")]
    [InlineData("–", "2021-01-01", "2021-04-30", "name")]
    public void A_period_that_cannot_be_reported_is_refused_with_the_field_at_fault(string name, string start, string end, string field)
    {
        var outcome = ReportingPeriod.Create(Draft(name, start, end), At, "secretariat-1");

        Assert.False(outcome.Succeeded);
        Assert.Equal(400, outcome.Problem!.Status);
        Assert.True(outcome.Problem.Errors!.ContainsKey(field), string.Join(", ", outcome.Problem.Errors.Keys));
    }

    [Fact]
    public void Finalising_twice_is_refused_and_a_final_period_cannot_change()
    {
        var period = ReportingPeriod.Create(Draft(), At, "secretariat-1").Value!;

        Assert.Null(period.Finalise(At, "secretariat-1"));
        var again = period.Finalise(At.AddDays(1), "secretariat-2");
        var change = period.Change(Draft(end: "2021-05-31"));

        Assert.Equal(409, again?.Status);
        Assert.Equal(409, change?.Status);
        Assert.Equal(new DateOnly(2021, 4, 30), period.EndsOn);
        Assert.Equal([new ReportVersion(1, At, "secretariat-1", null)], period.Versions);
    }

    [Fact]
    public void A_corrigendum_needs_a_final_report_and_a_note_and_adds_a_version()
    {
        var period = ReportingPeriod.Create(Draft(), At, "secretariat-1").Value!;
        Assert.Equal(409, period.Correct(At, "s", "too early")?.Status);
        period.Finalise(At, "s");

        Assert.Equal(400, period.Correct(At, "s", "  ")?.Status);
        Assert.Null(period.Correct(At.AddDays(3), "s", " A reply from Romania was missing. "));

        Assert.Equal([1, 2], period.Versions.Select(v => v.Number));
        Assert.Equal("A reply from Romania was missing.", period.Latest!.Corrigendum);
    }

    [Fact]
    public void A_draft_can_change_but_not_its_id()
    {
        var period = ReportingPeriod.Create(Draft(), At, "secretariat-1").Value!;

        Assert.Null(period.Change(Draft(end: "2021-05-15")));
        var renamed = period.Change(Draft(name: "HRC 48"));

        Assert.Equal(new DateOnly(2021, 5, 15), period.EndsOn);
        Assert.Equal(400, renamed?.Status);
    }
}
