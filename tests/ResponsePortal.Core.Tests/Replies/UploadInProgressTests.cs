using Microsoft.Extensions.Time.Testing;
using ResponsePortal.Replies;

namespace ResponsePortal.Core.Tests.Replies;

public sealed class UploadInProgressTests
{
    private static readonly DateTimeOffset Start = new(2021, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_new_upload_holds_its_lease_for_sixty_seconds_and_not_one_tick_more()
    {
        var clock = new FakeTimeProvider(Start);
        var upload = UploadInProgress.Start("r1", "al-usa-2-2021", "USA", "officer", "key", clock.GetUtcNow());

        clock.Advance(TimeSpan.FromSeconds(60) - TimeSpan.FromTicks(1));
        Assert.True(upload.IsLeasedAt(clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.False(upload.IsLeasedAt(clock.GetUtcNow()));
        Assert.Equal(Start.AddSeconds(60), upload.LeaseUntil);
    }

    [Fact]
    public void Renewing_every_twenty_seconds_keeps_the_lease_however_long_the_body_streams()
    {
        var clock = new FakeTimeProvider(Start);
        var upload = UploadInProgress.Start("r1", "al-usa-2-2021", "USA", "officer", null, clock.GetUtcNow());

        for (int i = 0; i < 40; i++) // ten minutes
        {
            clock.Advance(UploadInProgress.RenewEvery);
            Assert.True(upload.IsLeasedAt(clock.GetUtcNow()));
            upload = upload.RenewedAt(clock.GetUtcNow());
        }

        Assert.Equal(Start.AddMinutes(10).AddSeconds(60), upload.LeaseUntil);
        Assert.Equal(Start, upload.StartedAt);
    }

    [Fact]
    public void Three_renewals_may_fail_before_the_lease_runs_out_and_a_crash_frees_the_key_within_a_minute()
    {
        var clock = new FakeTimeProvider(Start);
        var upload = UploadInProgress.Start("r1", "al-usa-2-2021", "USA", "officer", "key", clock.GetUtcNow());

        clock.Advance(UploadInProgress.RenewEvery * 3);
        Assert.True(upload.IsLeasedAt(clock.GetUtcNow()));
        clock.Advance(UploadInProgress.RenewEvery);
        Assert.False(upload.IsLeasedAt(clock.GetUtcNow()));
        Assert.True(UploadInProgress.LeaseDuration <= TimeSpan.FromMinutes(1));
    }
}
