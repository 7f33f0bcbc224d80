using ResponsePortal.Communications;
using ResponsePortal.Deadlines;
using ResponsePortal.Documents;

namespace ResponsePortal.Core.Tests.Communications;

public sealed class CommunicationTests
{
    private static readonly TimeZoneInfo Geneva = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
    private static readonly TimeSpan DueSoon = TimeSpan.FromDays(7);
    private static readonly DateTimeOffset Close = new(2021, 3, 26, 22, 59, 59, 999, TimeSpan.Zero);

    public static Communication UsaLetter() => new()
    {
        Reference = new Reference(CommunicationType.AL, "USA", 2, 2021),
        AddresseeId = "USA",
        Subject = "Subject",
        Summary = "Summary",
        Mandates = ["Special Rapporteur"],
        Window = ReplyWindow.Compute(new DateOnly(2021, 1, 25), 60, Geneva),
        Letter = new StoredDocument("al-usa-2-2021/letter/l.pdf", "l.pdf", "application/pdf", 10, new string('0', 64)),
        RegisteredAt = new DateTimeOffset(2021, 1, 25, 8, 0, 0, TimeSpan.Zero),
        RegisteredBy = "secretariat",
    };

    [Fact]
    public void Phase_is_awaiting_reply_while_the_close_is_more_than_seven_days_away()
    {
        Assert.Equal(Phase.AwaitingReply, UsaLetter().PhaseAt(Close.AddDays(-7).AddMilliseconds(-1), DueSoon));
    }

    [Fact]
    public void Phase_is_due_soon_in_the_last_seven_days()
    {
        Assert.Equal(Phase.DueSoon, UsaLetter().PhaseAt(Close.AddDays(-7), DueSoon));
        Assert.Equal(Phase.DueSoon, UsaLetter().PhaseAt(Close, DueSoon));
    }

    [Fact]
    public void Phase_is_no_reply_one_millisecond_after_the_close()
    {
        Assert.Equal(Phase.NoReply, UsaLetter().PhaseAt(Close.AddMilliseconds(1), DueSoon));
    }

    [Fact]
    public void Reply_on_the_last_millisecond_is_on_time()
    {
        var letter = UsaLetter();
        letter.RecordReply(Close);

        Assert.Equal(Phase.Replied, letter.PhaseAt(Close.AddDays(30), DueSoon));
    }

    [Fact]
    public void Reply_after_close_makes_the_phase_replied_late()
    {
        var letter = UsaLetter();
        letter.RecordReply(Close.AddMilliseconds(1));

        Assert.Equal(Phase.RepliedLate, letter.PhaseAt(Close.AddDays(30), DueSoon));
        Assert.Equal(1, letter.ReplyCount);
    }

    [Fact]
    public void Earliest_reply_decides_whether_the_letter_was_answered_on_time()
    {
        var letter = UsaLetter();
        letter.RecordReply(Close.AddDays(3));
        letter.RecordReply(Close.AddDays(-3));

        Assert.Equal(Close.AddDays(-3), letter.FirstReplyAt);
        Assert.Equal(2, letter.ReplyCount);
    }

    [Fact]
    public void Reply_facts_recorded_from_the_stored_replies_are_the_same_however_often_they_are_recorded()
    {
        var letter = UsaLetter();
        letter.RecordReply(Close); // a count that went wrong before (one of these was never stored)
        IReadOnlyCollection<DateTimeOffset> stored = [Close.AddDays(3), Close.AddDays(-3)];

        letter.RecordReplies(stored);
        letter.RecordReplies(stored);

        Assert.Equal((2, Close.AddDays(-3)), (letter.ReplyCount, letter.FirstReplyAt));
        letter.RecordReplies([]);
        Assert.Equal((0, (DateTimeOffset?)null), (letter.ReplyCount, letter.FirstReplyAt));
    }

    [Fact]
    public void Reply_before_registration_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => UsaLetter().RecordReply(new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Published_phase_wins_over_every_other()
    {
        var letter = UsaLetter();
        letter.RecordPublication(Close.AddMinutes(15));
        letter.RecordPublication(Close.AddDays(2));

        Assert.Equal(Phase.Published, letter.PhaseAt(Close.AddDays(1), DueSoon));
        Assert.Equal(Close.AddMinutes(15), letter.PublishedAt);
    }

    [Theory]
    [InlineData(Phase.AwaitingReply, "awaiting-reply")]
    [InlineData(Phase.RepliedLate, "replied-late")]
    [InlineData(Phase.NoReply, "no-reply")]
    public void Phase_names_round_trip_on_the_wire(Phase phase, string wire)
    {
        Assert.Equal(wire, phase.ToWire());
        Assert.True(PhaseNames.TryParse(wire, out var parsed));
        Assert.Equal(phase, parsed);
    }
}
