using System.Text.Json;
using ResponsePortal.Publication;

namespace ResponsePortal.Core.Tests.Publication;

public sealed class OpenDataCsvTests : IDisposable
{
    private static readonly TimeZoneInfo Geneva = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
    private readonly string _root = Path.Combine(Path.GetTempPath(), "rp-opendata-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Json_and_csv_open_data_round_trip_to_the_same_records()
    {
        var archive = new SyntheticArchive(7, Geneva);
        var inputs = archive.Generate(30).ToList();
        var tricky = inputs[3].Communication;
        inputs[3] = inputs[3] with
        {
            Communication = ResponsePortal.Communications.Communication.Restore(new ResponsePortal.Communications.Communication
            {
                Reference = tricky.Reference, AddresseeId = tricky.AddresseeId, Subject = "He said \"no\", then\r\nleft; =SUM(A1)",
                Summary = "-starts with a dash, has , commas", Mandates = tricky.Mandates, Window = tricky.Window, Letter = tricky.Letter,
                RegisteredAt = tricky.RegisteredAt, RegisteredBy = tricky.RegisteredBy,
            }, tricky.FirstReplyAt, tricky.ReplyCount, tricky.PublishedAt, null, null),
        };
        var output = new LocalFolderSiteOutput(_root);
        await new SiteBuilder(output, archive, new SiteSettings { BaseUrl = "https://example.org/", ChunkSize = 20 }, Geneva).BuildAllAsync(inputs, null, null, default);

        var index = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_root, "opendata/index.json"))).RootElement;
        var records = new List<PublishedRecord>();
        var communicationRows = new List<string[]>();
        var replyRows = new List<string[]>();
        foreach (var shard in index.GetProperty("shards").EnumerateArray())
        {
            records.AddRange(JsonSerializer.Deserialize<List<PublishedRecord>>(await File.ReadAllTextAsync(Path.Combine(_root, "opendata", shard.GetProperty("json").GetString()!)), SiteBuilder.Json)!);
            var communications = OpenDataCsv.Parse(await File.ReadAllTextAsync(Path.Combine(_root, "opendata", shard.GetProperty("communicationsCsv").GetString()!)));
            Assert.Equal(OpenDataCsv.CommunicationColumns, communications[0]);
            communicationRows.AddRange(communications.Skip(1));
            var replyCsv = OpenDataCsv.Parse(await File.ReadAllTextAsync(Path.Combine(_root, "opendata", shard.GetProperty("repliesCsv").GetString()!)));
            Assert.Equal(OpenDataCsv.ReplyColumns, replyCsv[0]);
            replyRows.AddRange(replyCsv.Skip(1));
        }

        Assert.Equal(30, records.Count);
        Assert.Equal(records.Count, communicationRows.Count);
        var expected = inputs.Select(i => PublishedRecordFactory.Create(i, Geneva)).ToDictionary(r => r.Slug);
        foreach (var (record, row) in records.Zip(communicationRows))
        {
            Assert.Equal(JsonSerializer.Serialize(expected[record.Slug], SiteBuilder.Json), JsonSerializer.Serialize(record with { Positions = null }, SiteBuilder.Json));
            Assert.Equal(records.IndexOf(record), record.Positions!["all"]);
            var cells = OpenDataCsv.CommunicationColumns.Zip(row).ToDictionary(p => p.First, p => p.Second);
            Assert.Equal(record.Slug, cells["slug"]);
            Assert.Equal(record.Reference, cells["reference"]);
            Assert.Equal(record.Subject, cells["subject"]);
            Assert.Equal(record.Summary, cells["summary"]);
            Assert.Equal(record.Mandates, cells["mandates"].Split(OpenDataCsv.ListSeparator));
            Assert.Equal(record.PublishedAt, DateTimeOffset.Parse(cells["published_at"], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(record.Letter.Sha256, cells["letter_sha256"]);
            Assert.Equal(record.ReplyStatus, cells["reply_status"]);
        }
        Assert.Equal(records.Sum(r => r.Replies.Count), replyRows.Count);
        var replies = records.SelectMany(r => r.Replies.Select(reply => (r.Slug, reply))).ToList();
        foreach (var ((slug, reply), row) in replies.Zip(replyRows))
        {
            Assert.Equal(slug, row[0]);
            Assert.Equal(reply.Id, row[1]);
            Assert.Equal(reply.DaysLate.ToString(System.Globalization.CultureInfo.InvariantCulture), row[3]);
            Assert.Equal(reply.Status, row[4]);
            Assert.Equal(string.Join(OpenDataCsv.ListSeparator, reply.Files.Select(f => f.Sha256)), row[10]);
        }
        Assert.Contains(records, r => r.Subject.StartsWith("He said \"no\""));
    }

    [Fact]
    public void Cells_are_quoted_only_when_needed_with_crlf_between_rows()
    {
        var csv = OpenDataCsv.Write(["a", "b", "c", "d", "e"], [["plain", "with, comma", "with \"quotes\"", "line\nbreak and\r\ncrlf", ""]]);

        Assert.Equal("a,b,c,d,e\r\nplain,\"with, comma\",\"with \"\"quotes\"\"\",\"line\nbreak and\r\ncrlf\",\r\n", csv);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\")")]
    [InlineData("+1")]
    [InlineData("-2")]
    [InlineData("@SUM(A1)")]
    [InlineData("\tTab")]
    [InlineData("\rReturn")]
    public void A_cell_that_a_spreadsheet_would_run_as_a_formula_gets_a_leading_apostrophe_and_reads_back_as_written(string cell)
    {
        var csv = OpenDataCsv.Write(["cell"], [[cell]]);

        var line = csv.Split("\r\n")[1];
        Assert.Matches("^\"?'", line);
        Assert.Equal(cell, OpenDataCsv.Parse(csv)[1][0]);
    }

    [Theory]
    [InlineData("a-b")]
    [InlineData(" =not first")]
    [InlineData("'quoted by the writer")]
    [InlineData("Ünïcödé, «ça» 😀")]
    public void Other_cells_read_back_exactly(string cell)
        => Assert.Equal(cell, OpenDataCsv.Parse(OpenDataCsv.Write(["cell"], [[cell]]))[1][0]);
}
