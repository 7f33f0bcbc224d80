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
    public void Phase_is_closed_one_millisecond_after_the_close()
    {
        var letter = UsaLetter();

        Assert.Equal(Phase.Closed, letter.PhaseAt(Close.AddMilliseconds(1), DueSoon));
        Assert.Equal(ReplyStatus.None, letter.ReplyStatus);
    }

    [Fact]
    public void Reply_on_the_last_millisecond_is_on_time()
    {
        var letter = UsaLetter();
        letter.RecordReply(Close);

        Assert.Equal(Phase.Closed, letter.PhaseAt(Close.AddDays(30), DueSoon));
        Assert.Equal(ReplyStatus.OnTime, letter.ReplyStatus);
    }

    [Fact]
    public void Reply_after_close_makes_the_reply_status_late()
    {
        var letter = UsaLetter();
        letter.RecordReply(Close.AddMilliseconds(1));

        Assert.Equal(ReplyStatus.Late, letter.ReplyStatus);
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

    [Fact]
    public void Publication_keeps_the_reply_status_of_a_letter_closed_without_reply_or_answered_late()
    {
        var unanswered = UsaLetter();
        var late = UsaLetter();
        late.RecordReply(Close.AddDays(2));

        unanswered.RecordPublication(Close.AddMinutes(15));
        late.RecordPublication(Close.AddMinutes(15));

        Assert.Equal((Phase.Published, ReplyStatus.None), (unanswered.PhaseAt(Close.AddDays(3), DueSoon), unanswered.ReplyStatus));
        Assert.Equal((Phase.Published, ReplyStatus.Late), (late.PhaseAt(Close.AddDays(3), DueSoon), late.ReplyStatus));
    }

    [Fact]
    public void Reply_status_is_withheld_only_while_every_reply_is_withheld()
    {
        var letter = UsaLetter();
        letter.RecordReplies([Close.AddDays(-3), Close.AddDays(-2)]);

        letter.RecordWithheldReplies(1);
        Assert.Equal(ReplyStatus.OnTime, letter.ReplyStatus);
        letter.RecordWithheldReplies(2);
        Assert.Equal(ReplyStatus.Withheld, letter.ReplyStatus);
        Assert.Throws<InvalidOperationException>(() => letter.RecordWithheldReplies(3));
    }

    [Fact]
    public void Fewer_stored_replies_than_withheld_ones_lower_the_withheld_count()
    {
        var letter = UsaLetter();
        letter.RecordReplies([Close.AddDays(-3), Close.AddDays(-2)]);
        letter.RecordWithheldReplies(2);

        letter.RecordReplies([Close.AddDays(-3)]);

        Assert.Equal(1, letter.WithheldReplyCount);
    }

    [Theory]
    [InlineData(ReplyStatus.None, "none")]
    [InlineData(ReplyStatus.OnTime, "on-time")]
    [InlineData(ReplyStatus.Late, "late")]
    [InlineData(ReplyStatus.Withheld, "withheld")]
    public void Reply_status_names_round_trip_on_the_wire(ReplyStatus status, string wire)
    {
        Assert.Equal(wire, status.ToWire());
        Assert.True(PhaseNames.TryParse(wire, out ReplyStatus parsed));
        Assert.Equal(status, parsed);
    }

    [Theory]
    [InlineData(Phase.AwaitingReply, "awaiting-reply")]
    [InlineData(Phase.Closed, "closed")]
    [InlineData(Phase.Published, "published")]
    public void Phase_names_round_trip_on_the_wire(Phase phase, string wire)
    {
        Assert.Equal(wire, phase.ToWire());
        Assert.True(PhaseNames.TryParse(wire, out Phase parsed));
        Assert.Equal(phase, parsed);
    }
}
