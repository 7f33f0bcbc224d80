using ResponsePortal.Benchmarks.Publication;
using System.Diagnostics;
using System.Globalization;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using ResponsePortal.Common;
using ResponsePortal.Communications;
using ResponsePortal.Deadlines;
using ResponsePortal.Documents;
using ResponsePortal.Reminders;

namespace ResponsePortal.Benchmarks.Reminders;

/// <summary>
/// The secretariat's calendar feed (every letter) written by the portal's own iCalendar writer and by Ical.Net with
/// the same events, alternating, in one process: the measurement behind keeping our own writer (ADR 0803).
/// </summary>
public static class CalendarBenchmark
{
    public static Task<int> RunAsync(string[] args)
    {
        var count = int.Parse(BenchmarkArgs.Option(args, "--count", "20000"), CultureInfo.InvariantCulture);
        var runs = int.Parse(BenchmarkArgs.Option(args, "--runs", "5"), CultureInfo.InvariantCulture);
        var options = new PortalOptions { PortalBaseUrl = "https://portal.example.org/" };
        var zone = options.SecretariatTimeZone();
        var letters = Enumerable.Range(0, count).Select(i => Letter(i, zone)).ToList();
        var now = new DateTimeOffset(2021, 2, 1, 8, 0, 0, TimeSpan.Zero);
        Console.WriteLine($"Calendar benchmark: the secretariat's feed of {count:N0} letters, {runs} runs each (plus one warm-up), {Environment.ProcessorCount} cores");

        var own = new List<double>();
        var library = new List<double>();
        for (int run = 0; run <= runs; run++)
        {
            var ownTime = Measure(() => ClosingCalendar.Render(letters, CalendarFeed.SecretariatScope, now, options));
            var libraryTime = Measure(() => WithIcalNet(letters, now, options, zone));
            if (run > 0)
            {
                own.Add(ownTime);
                library.Add(libraryTime);
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Own writer: median {StorageBenchmarks.Median(own):0} ms; Ical.Net 5.2.4: median {StorageBenchmarks.Median(library):0} ms; ratio {StorageBenchmarks.Median(library) / StorageBenchmarks.Median(own):0.0}"));
        return Task.FromResult(0);
    }

    /// <summary>The same calendar as <see cref="ClosingCalendar.Render"/>, event for event, through Ical.Net's object model and serializer.</summary>
    private static string WithIcalNet(IReadOnlyList<Communication> letters, DateTimeOffset now, PortalOptions options, TimeZoneInfo zone)
    {
        var calendar = new Ical.Net.Calendar { ProductId = "-//ResponsePortal//Closing dates//EN", Method = "PUBLISH", Scale = "GREGORIAN" };
        calendar.AddProperty("X-WR-CALNAME", "Reply windows closing (all letters)");
        foreach (var c in letters)
        {
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"{c.Slug}-closes@responseportal",
                DtStamp = new CalDateTime(now.UtcDateTime),
                DtStart = new CalDateTime(c.Window.ClosesAt.UtcDateTime),
                DtEnd = new CalDateTime(c.Window.ClosesAt.AddMilliseconds(1).UtcDateTime),
                Summary = $"Reply window closes: {c.Reference} ({c.AddresseeId})",
                Description = $"{c.Subject}\n{c.Window.Explain(zone)}\nReplies so far: {c.ReplyCount}.",
                Url = new Uri(PortalLinks.CommunicationForSecretariat(options.PortalBaseUrl, c.Slug)),
                Transparency = "TRANSPARENT",
            });
        }
        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    private static Communication Letter(int i, TimeZoneInfo zone)
    {
        Reference.TryParse($"AL USA {i + 1}/2021", out var reference, out _);
        return new Communication
        {
            Reference = reference!,
            AddresseeId = "USA",
            Subject = $"Letter {i}: allegations concerning images shared online, with « accents », commas; and a subject long enough to fold",
            Summary = "",
            Mandates = ["Special Rapporteur on the sale and sexual exploitation of children"],
            Window = ReplyWindow.Compute(new DateOnly(2021, 1, 25).AddDays(i % 700), 60, zone),
            Letter = new StoredDocument($"l{i}/letter/letter.pdf", "letter.pdf", "application/pdf", 1, new string('0', 64)),
            RegisteredAt = new DateTimeOffset(2021, 1, 25, 8, 0, 0, TimeSpan.Zero),
            RegisteredBy = "benchmark",
        };
    }

    private static double Measure(Func<string> render)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var clock = Stopwatch.StartNew();
        var text = render();
        clock.Stop();
        GC.KeepAlive(text);
        return clock.Elapsed.TotalMilliseconds;
    }
}
