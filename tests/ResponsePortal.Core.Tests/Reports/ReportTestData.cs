using ResponsePortal.Communications;
using ResponsePortal.Publication;
using ResponsePortal.Replies;
using ResponsePortal.Reports;

namespace ResponsePortal.Core.Tests.Reports;

/// <summary>Reports over the synthetic archive (letters 4 a day from 3 January 2011), built in memory.</summary>
internal static class ReportTestData
{
    public static readonly TimeZoneInfo Geneva = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");

    public static ReportingPeriod Period(string start = "2011-01-03", string end = "2011-01-31")
        => ReportingPeriod.Create(new ReportingPeriodDraft { Name = "HRC 17", Session = "17th regular session", StartsOn = start, EndsOn = end }, DateTimeOffset.UnixEpoch, "test").Value!;

    /// <summary>The report of the first <paramref name="count"/> synthetic letters, as ReportService would assemble it.</summary>
    public static CommunicationReport Build(ReportingPeriod period, DateTimeOffset cutOff, int count = 120, Func<PublicationInput, PublicationInput>? change = null)
    {
        var inputs = new SyntheticArchive(7, Geneva).Generate(count).Select(change ?? (i => i)).ToList();
        var sent = inputs.Where(i => i.Communication.Window.SentOn >= period.StartsOn && i.Communication.Window.SentOn <= period.EndsOn)
            .Select(i => i.Communication).ToList();
        var received = inputs.SelectMany(i => i.Replies.Select(r => new ReceivedReply(ReportIndexing.EntryOf(r, i.Communication, Geneva), r.Confidentiality is null ? null : r)))
            .Where(x => x.Entry.Day >= period.StartsOn && x.Entry.Day <= period.EndsOn).ToList();
        var names = inputs.DistinctBy(i => i.Communication.AddresseeId).ToDictionary(i => i.Communication.AddresseeId, i => i.AddresseeName);
        return ReportBuilder.Build(period, 1, ReportStatus.Final, cutOff, null, sent, received, names, Geneva);
    }

    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Geneva).DateTime);

    public static PublicationInput WithText(PublicationInput input, string subject, string summary)
    {
        var c = input.Communication;
        return input with
        {
            Communication = Communication.Restore(new Communication
            {
                Reference = c.Reference, AddresseeId = c.AddresseeId, Subject = subject, Summary = summary, Mandates = c.Mandates, Window = c.Window,
                Letter = c.Letter, RegisteredAt = c.RegisteredAt, RegisteredBy = c.RegisteredBy,
            }, c.FirstReplyAt, c.ReplyCount, c.PublishedAt, null, null),
        };
    }

    public static Reply Withheld(Reply reply, string category)
        => reply with { Confidentiality = new ConfidentialityRequest(category, "secret reason text", reply.ReceivedAt, "x", new ConfidentialityDecision(true, "s", reply.ReceivedAt, null)) };
}
