using ResponsePortal.Publication;
using ResponsePortal.Reports;
using static ResponsePortal.Core.Tests.Reports.ReportTestData;

namespace ResponsePortal.Core.Tests.Reports;

public sealed class ReportCsvTests
{
    [Fact]
    public void Csv_round_trips_to_the_report_rows_with_quotes_commas_line_breaks_and_formula_characters()
    {
        var tricky = "He said \"no\", then\r\nleft; =SUM(A1)";
        var report = Build(Period("2011-01-03", "2011-01-12"), new DateTimeOffset(2012, 1, 1, 0, 0, 0, TimeSpan.Zero),
            change: i => i.Communication.Reference.Number == 2 ? WithText(i, tricky, "-starts with a dash, has , commas") : i);

        var parsed = OpenDataCsv.Parse(ReportCsv.Write(report, "https://example.org/"));

        Assert.Equal(ReportCsv.Columns, parsed[0]);
        Assert.Equal(ReportCsv.Rows(report, "https://example.org/").ToList(), parsed.Skip(1).ToList());
        var row = Assert.Single(parsed, r => r[10] == tricky);
        Assert.Equal("-starts with a dash, has , commas", row[11]);
        Assert.Equal(report.Totals.Sent, parsed.Count(r => r[2] == "letter"));
        Assert.Equal(report.Totals.RepliesReceived, parsed.Count(r => r[2] == "reply"));
        Assert.All(parsed.Skip(1).Where(r => r[2] == "letter"), r => Assert.StartsWith("https://example.org/c/", r[17]));
    }
}
