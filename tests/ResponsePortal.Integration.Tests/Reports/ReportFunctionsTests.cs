using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Mvc;
using ResponsePortal.Functions.Replies;
using ResponsePortal.Replies;
using ResponsePortal.Functions.Reports;
using ResponsePortal.Integration.Tests.Harness;
using ResponsePortal.Integration.Tests.Publication;
using ResponsePortal.Publication;
using ResponsePortal.Reports;
using UglyToad.PdfPig;

namespace ResponsePortal.Integration.Tests.Reports;

/// <summary>
/// The report to the Human Rights Council on the demo case, through the HTTP functions on Azurite: letters
/// registered and replies uploaded through the real use cases, so the report index is fed as in production.
/// </summary>
public sealed class ReportFunctionsTests : PortalHarness
{
    private const string Period = """{"name":"HRC 47","session":"47th regular session of the Human Rights Council","startsOn":"2021-01-01","endsOn":"2021-04-30"}""";
    private static readonly string[] DemoReferences = ["AL USA 2/2021", "AL ROU 1/2021", "AL GBR 1/2021", "AL OTH 1/2021"];
    private static readonly DateTimeOffset AfterEveryWindow = new(2021, 5, 3, 9, 0, 0, TimeSpan.Zero);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await this.SeedDemoAsync();
    }

    private ReportFunctions Functions => Get<ReportFunctions>();

    private async Task<Response> CallAsync(string method, string path, string? json = null, string persona = "secretariat")
    {
        var request = Request(method, path, TokenFor(persona), json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"));
        var segments = path.Split('?')[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
        var id = segments.Length > 2 ? segments[2] : "";
        IActionResult result = (method, segments.Length, segments.Length > 3 ? segments[3] : "") switch
        {
            ("GET", 2, _) => await Functions.ListReportingPeriods(request, default),
            ("POST", 2, _) => await Functions.CreateReportingPeriod(request, default),
            ("GET", 3, _) => await Functions.GetReportingPeriod(request, id, default),
            ("PUT", 3, _) => await Functions.ChangeReportingPeriod(request, id, default),
            ("GET", 4, "report") => await Functions.PreviewReport(request, id, default),
            ("GET", 5, "versions") => await Functions.GetPublishedReport(request, id, segments[4], default),
            ("POST", 4, "finalise") => await Functions.FinaliseReport(request, id, default),
            ("POST", 4, "corrigenda") => await Functions.IssueCorrigendum(request, id, default),
            _ => throw new ArgumentException($"No report function for {method} {path}"),
        };
        return await ExecuteAsync(request, result);
    }

    private async Task<string> ReplyAsync(string persona, string slug, string? confidentialityCategory = null)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(Pdf("Reply of " + persona));
        part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(part, "files", "reply.pdf");
        if (confidentialityCategory is not null)
        {
            form.Add(new StringContent(confidentialityCategory), "confidentialityCategory");
            form.Add(new StringContent("The reply names a witness under protection."), "confidentialityReason");
        }
        var request = Request("POST", $"/api/me/communications/{slug}/replies", TokenFor(persona), form);
        var response = await ExecuteAsync(request, await Get<MyReplyFunctions>().UploadReply(request, slug, default));
        Assert.Equal(201, response.Status);
        return response.Json.GetProperty("id").GetString()!;
    }

    /// <summary>Runs the publication queue function on a job, as the Functions host would.</summary>
    private Task PublishAsync(string slug)
        => Get<ResponsePortal.Functions.Publication.PublicationFunctions>().PublishCommunication(
            JsonSerializer.Serialize(new PublishRequest(PublishRequest.CurrentSchemaVersion, slug, PublishReasons.WindowClosed, Clock.GetUtcNow(), "test"), ResponsePortal.Azure.Publication.StoragePublishQueue.Json), 1, default);

    private async Task<byte[]?> SiteFileAsync(string path) => await Get<ISiteOutput>().ReadAsync(path, default);

    private async Task<string> SiteTextAsync(string path) => Encoding.UTF8.GetString(await SiteFileAsync(path) ?? throw new Xunit.Sdk.XunitException(path + " is not on the site"));

    [Fact]
    public async Task Demo_period_lists_the_four_letters_under_their_addressees_and_the_late_reply_from_romania()
    {
        Assert.Equal(201, (await CallAsync("POST", "/api/reporting-periods", Period)).Status);
        Clock.SetUtcNow(new DateTimeOffset(2021, 3, 30, 10, 0, 0, TimeSpan.Zero));
        await ReplyAsync("romania", "al-rou-1-2021");
        Clock.SetUtcNow(AfterEveryWindow);

        var preview = await CallAsync("GET", "/api/reporting-periods/hrc-47/report");

        Assert.Equal(200, preview.Status);
        var report = preview.Json.GetProperty("report");
        var groups = report.GetProperty("groups").EnumerateArray().ToList();
        // By addressee name: Facebook (Meta Platforms, Inc.), Romania, United Kingdom…, United States of America.
        Assert.Equal(["facebook", "ROU", "GBR", "USA"], groups.Select(g => g.GetProperty("addresseeId").GetString()));
        Assert.Equal(DemoReferences.Order(), groups.SelectMany(g => g.GetProperty("letters").EnumerateArray().Select(l => l.GetProperty("reference").GetString()!)).Order());
        var romania = groups.Single(g => g.GetProperty("addresseeId").GetString() == "ROU");
        var reply = Assert.Single(romania.GetProperty("replies").EnumerateArray());
        Assert.Equal("2021-03-30", reply.GetProperty("receivedOn").GetString());
        Assert.Equal(4, reply.GetProperty("daysLate").GetInt32());
        Assert.Equal(ReplyEntryStatus.Published, reply.GetProperty("status").GetString());
        var letter = Assert.Single(romania.GetProperty("letters").EnumerateArray());
        Assert.Equal("late", letter.GetProperty("replyStatus").GetString());
        Assert.Equal(1, romania.GetProperty("counts").GetProperty("late").GetInt32());
        var totals = report.GetProperty("totals");
        Assert.Equal((4, 1, 0, 1, 3, 1), (totals.GetProperty("sent").GetInt32(), totals.GetProperty("replied").GetInt32(), totals.GetProperty("onTime").GetInt32(),
            totals.GetProperty("late").GetInt32(), totals.GetProperty("notReplied").GetInt32(), totals.GetProperty("repliesReceived").GetInt32()));
        Assert.Equal(0.25, totals.GetProperty("replyRate").GetDouble());
        // Only the period's rows: four letters and one reply from the index, each letter once; the reply asked for no
        // confidentiality, so its index row says all the report shows of it and no reply list is read.
        var reads = preview.Json.GetProperty("reads");
        Assert.Equal((5, 4, 0), (reads.GetProperty("indexEntries").GetInt32(), reads.GetProperty("communications").GetInt32(), reads.GetProperty("replyLists").GetInt32()));

        var html = await CallAsync("GET", "/api/reporting-periods/hrc-47/report?format=html&lang=fr");
        Assert.Contains("<html lang=\"fr\">", html.Body);
        Assert.Contains("En retard de 4 jours", html.Body);
    }

    [Fact]
    public async Task A_reply_with_a_confidentiality_request_is_held_back_then_shown_as_the_public_placeholder_once_withheld()
    {
        Assert.Equal(201, (await CallAsync("POST", "/api/reporting-periods", Period)).Status);
        Clock.SetUtcNow(new DateTimeOffset(2021, 2, 10, 9, 0, 0, TimeSpan.Zero));
        var replyId = await ReplyAsync("uk", "al-gbr-1-2021", "privacy-of-victims");
        Clock.SetUtcNow(AfterEveryWindow);

        var pending = await CallAsync("GET", "/api/reporting-periods/hrc-47/report");
        var decide = Request("POST", $"/api/communications/al-gbr-1-2021/replies/{replyId}/confidentiality", TokenFor("secretariat"),
            new StringContent("""{"accepted":true,"note":"Protects a witness."}""", Encoding.UTF8, "application/json"));
        Assert.Equal(200, (await ExecuteAsync(decide, await Get<ReplyFunctions>().DecideConfidentiality(decide, "al-gbr-1-2021", replyId, default))).Status);
        var withheld = await CallAsync("GET", "/api/reporting-periods/hrc-47/report");
        var html = await CallAsync("GET", "/api/reporting-periods/hrc-47/report?format=html");

        JsonElement ReplyOf(Response r) => r.Json.GetProperty("report").GetProperty("groups").EnumerateArray()
            .Single(g => g.GetProperty("addresseeId").GetString() == "GBR").GetProperty("replies").EnumerateArray().Single();
        Assert.Equal(ReplyEntryStatus.Pending, ReplyOf(pending).GetProperty("status").GetString());
        Assert.Equal(ReplyEntryStatus.Withheld, ReplyOf(withheld).GetProperty("status").GetString());
        Assert.Equal("privacy-of-victims", ReplyOf(withheld).GetProperty("reasonCategory").GetString());
        Assert.Equal(1, withheld.Json.GetProperty("reads").GetProperty("replyLists").GetInt32());
        Assert.Contains(SiteText.English.WithheldReply, html.Body.Replace("&#39;", "'"));
        Assert.DoesNotContain("witness under protection", html.Body);
        Assert.DoesNotContain("Protects a witness", html.Body);
    }

    [Fact]
    public async Task A_letter_inside_its_window_at_the_cut_off_never_shows_its_subject_or_summary()
    {
        Assert.Equal(201, (await CallAsync("POST", "/api/reporting-periods", Period)).Status);
        Clock.SetUtcNow(new DateTimeOffset(2021, 2, 1, 9, 0, 0, TimeSpan.Zero));
        await ReplyAsync("usa", "al-usa-2-2021");
        var communication = (await Get<ResponsePortal.Communications.ICommunicationRepository>().FindAsync("al-usa-2-2021", default))!;

        var preview = await CallAsync("GET", "/api/reporting-periods/hrc-47/report");
        var csv = await CallAsync("GET", "/api/reporting-periods/hrc-47/report?format=csv");
        Assert.Equal(200, (await CallAsync("POST", "/api/reporting-periods/hrc-47/finalise")).Status);

        var published = new List<(string Where, string Text)> { ("preview", preview.Body), ("preview csv", csv.Body) };
        foreach (var path in SiteText.All.Select(t => t.Prefix + ReportHtml.VersionPage("hrc-47", 1)).Append(ReportHtml.CsvPath("hrc-47", 1)).Append(ReportHtml.JsonPath("hrc-47", 1)))
        {
            published.Add((path, await SiteTextAsync(path)));
        }
        foreach (var language in new[] { "en", "fr", "es" })
        {
            published.Add((language + " pdf", PdfText((await SiteFileAsync(ReportHtml.PdfPath("hrc-47", 1, language)))!)));
        }
        foreach (var (where, text) in published)
        {
            Assert.Contains("AL USA 2/2021", text);
            Assert.DoesNotContain(communication.Subject, text);
            Assert.DoesNotContain(communication.Summary[..40], text);
            foreach (var mandate in communication.Mandates)
            {
                Assert.False(text.Contains(mandate, StringComparison.Ordinal), $"{where} names the mandate {mandate} of a letter whose window is open");
            }
        }
        Assert.Contains("the letter will be public after its window", published[2].Text);
    }

    [Fact]
    public async Task Final_report_is_published_in_three_languages_as_html_csv_and_pdf_and_announced_in_the_feed()
    {
        Assert.Equal(201, (await CallAsync("POST", "/api/reporting-periods", Period)).Status);
        Clock.SetUtcNow(AfterEveryWindow);

        var finalised = await CallAsync("POST", "/api/reporting-periods/hrc-47/finalise");

        Assert.Equal(200, finalised.Status);
        Assert.Equal("final", finalised.Json.GetProperty("status").GetString());
        foreach (var text in SiteText.All)
        {
            var page = await SiteTextAsync(text.Prefix + ReportHtml.VersionPage("hrc-47", 1));
            Assert.Contains($"<html lang=\"{text.Language}\">", page);
            Assert.DoesNotContain("<script", page);
            Assert.DoesNotContain("style=", page);
            Assert.Contains("reports/report.css", page);
            var pdf = PdfText((await SiteFileAsync(ReportHtml.PdfPath("hrc-47", 1, text.Language)))!);
            Assert.All(DemoReferences, reference => Assert.Contains(reference, pdf));
            Assert.Contains("HRC 47", await SiteTextAsync(text.Prefix + ReportHtml.IndexPage));
        }
        var rows = OpenDataCsv.Parse(await SiteTextAsync(ReportHtml.CsvPath("hrc-47", 1)));
        Assert.Equal(ReportCsv.Columns, rows[0]);
        Assert.Equal(DemoReferences.Order(), rows.Skip(1).Where(r => r[2] == "letter").Select(r => r[6]).Order());
        var feed = await SiteTextAsync(ReportHtml.Feed);
        Assert.Contains("<title>Communications report: HRC 47</title>", feed);
        Assert.Contains("reports/hrc-47/v1/", feed);
        var published = await CallAsync("GET", "/api/reporting-periods/hrc-47/versions/1");
        Assert.Equal(200, published.Status);
        Assert.Equal(4, published.Json.GetProperty("totals").GetProperty("sent").GetInt32());
    }

    [Fact]
    public async Task The_final_report_is_announced_in_the_sites_main_feed_with_the_log_head_before_it_and_stays_as_communications_publish()
    {
        Assert.Equal(201, (await CallAsync("POST", "/api/reporting-periods", Period)).Status);
        Clock.SetUtcNow(AfterEveryWindow);
        await PublishAsync("al-usa-2-2021");
        var before = await Get<IPublicationLog>().HeadAsync(default);
        // Published before any report: the site's navigation already links to reports/, whose index says there is none
        // yet, and the log's entry commits to it in every language.
        var firstManifest = await SiteTextAsync(PublicationManifest.PathOf(1));
        Assert.All(SiteText.All, t => Assert.Contains($"\"{t.Prefix}{ReportHtml.IndexPage}\"", firstManifest));
        Assert.Contains(ReportText.Spanish.NoReports, await SiteTextAsync("es/" + ReportHtml.IndexPage));

        Assert.Equal(200, (await CallAsync("POST", "/api/reporting-periods/hrc-47/finalise")).Status);
        var announced = XDocument.Parse(await SiteTextAsync("feeds/all.xml"));
        await PublishAsync("al-rou-1-2021");
        var later = XDocument.Parse(await SiteTextAsync("feeds/all.xml"));

        var atom = XNamespace.Get(SitePages.AtomNamespace);
        foreach (var (feed, what) in new[] { (announced, "feeds/all.xml after the report"), (later, "feeds/all.xml after the next communication"), (XDocument.Parse(await SiteTextAsync(ReportHtml.Feed)), ReportHtml.Feed) })
        {
            AtomAssert.Valid(feed, what);
            var entry = Assert.Single(feed.Root!.Elements(atom + "entry"), e => e.Element(atom + "id")!.Value.EndsWith("/reports/hrc-47/v1/", StringComparison.Ordinal));
            Assert.Equal("Communications report: HRC 47", entry.Element(atom + "title")!.Value);
            Assert.EndsWith("/reports/hrc-47/v1/report-en.pdf", (string)entry.Elements(atom + "link").Single(l => (string?)l.Attribute("rel") == "enclosure").Attribute("href")!);
            var head = entry.Element(XName.Get("head", SitePages.LogNamespace))!;
            Assert.Equal((before.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), before.Hash), ((string)head.Attribute("sequence")!, (string)head.Attribute("hash")!));
        }
        Assert.Equal(2, later.Root!.Elements(atom + "entry").Count(e => e.Element(atom + "id")!.Value.Contains("/c/", StringComparison.Ordinal)));
        Assert.DoesNotContain(ReportText.French.NoReports, await SiteTextAsync("fr/" + ReportHtml.IndexPage));
        Assert.Contains("<td>rapport au Conseil</td>", await SiteTextAsync("fr/log/index.html"));
        var verified = await Get<PublicationLogVerifier>().VerifyAsync(null, default);
        Assert.True(verified.Intact, verified.FirstMismatch);
    }

    [Fact]
    public async Task Finalising_twice_is_refused_and_the_final_period_cannot_change()
    {
        Assert.Equal(201, (await CallAsync("POST", "/api/reporting-periods", Period)).Status);
        Clock.SetUtcNow(AfterEveryWindow);
        Assert.Equal(200, (await CallAsync("POST", "/api/reporting-periods/hrc-47/finalise")).Status);
        var first = await SiteFileAsync(ReportHtml.CsvPath("hrc-47", 1));
        var head = await Get<IPublicationLog>().HeadAsync(default);

        Clock.Advance(TimeSpan.FromDays(1));
        var again = await CallAsync("POST", "/api/reporting-periods/hrc-47/finalise");
        var change = await CallAsync("PUT", "/api/reporting-periods/hrc-47", Period.Replace("2021-04-30", "2021-05-31"));

        Assert.Equal(409, again.Status);
        Assert.Equal("application/problem+json", again.ContentType);
        Assert.Contains("already final", again.Json.GetProperty("detail").GetString());
        Assert.Equal(409, change.Status);
        Assert.Equal(first, await SiteFileAsync(ReportHtml.CsvPath("hrc-47", 1)));
        Assert.Equal(head, await Get<IPublicationLog>().HeadAsync(default));
        Assert.Equal("2021-04-30", (await CallAsync("GET", "/api/reporting-periods/hrc-47")).Json.GetProperty("endsOn").GetString());
    }

    [Fact]
    public async Task A_corrigendum_is_a_new_version_that_says_what_changed_and_keeps_the_first_reachable()
    {
        Assert.Equal(201, (await CallAsync("POST", "/api/reporting-periods", Period)).Status);
        Clock.SetUtcNow(new DateTimeOffset(2021, 3, 1, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(200, (await CallAsync("POST", "/api/reporting-periods/hrc-47/finalise")).Status);
        var firstFiles = new Dictionary<string, byte[]>();
        foreach (var path in SiteText.All.Select(t => t.Prefix + ReportHtml.VersionPage("hrc-47", 1)).Append(ReportHtml.CsvPath("hrc-47", 1)).Append(ReportHtml.PdfPath("hrc-47", 1, "en")))
        {
            firstFiles[path] = (await SiteFileAsync(path))!;
        }
        Clock.SetUtcNow(AfterEveryWindow);

        var corrected = await CallAsync("POST", "/api/reporting-periods/hrc-47/corrigenda", """{"note":"Letters whose windows had closed are now listed in full."}""");
        var noNote = await CallAsync("POST", "/api/reporting-periods/hrc-47/corrigenda", """{"note":" "}""");

        Assert.Equal(201, corrected.Status);
        Assert.Equal(400, noNote.Status);
        Assert.Equal([1, 2], corrected.Json.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("number").GetInt32()));
        foreach (var (path, bytes) in firstFiles)
        {
            Assert.Equal(bytes, await SiteFileAsync(path));
        }
        var second = await SiteTextAsync(ReportHtml.VersionPage("hrc-47", 2));
        Assert.Contains("Corrigendum", second);
        Assert.Contains("Letters whose windows had closed are now listed in full.", second);
        Assert.Contains("Communication AL USA 2/2021 changed.", second);
        // The note is published as written; the changed rows are worded in each page's and PDF's language.
        Assert.Contains("Communication AL USA 2/2021 modifiée.", await SiteTextAsync("fr/" + ReportHtml.VersionPage("hrc-47", 2)));
        var spanish = PdfText((await SiteFileAsync(ReportHtml.PdfPath("hrc-47", 2, "es")))!);
        Assert.Contains("Comunicación AL USA 2/2021 modificada.", spanish);
        Assert.Contains("Letters whose windows had closed are now listed in full.", spanish);
        var periodPage = await SiteTextAsync(ReportHtml.PeriodPage("hrc-47"));
        Assert.Contains("v1/", periodPage);
        Assert.Contains("v2/", periodPage);
        Assert.Contains("reports/hrc-47/v2/", await SiteTextAsync(ReportHtml.Feed));
        Assert.Contains("reports/hrc-47/v1/", await SiteTextAsync(ReportHtml.Feed));
    }

    [Fact]
    public async Task Site_verify_covers_a_published_report_and_finds_a_tampered_report_file()
    {
        Assert.Equal(201, (await CallAsync("POST", "/api/reporting-periods", Period)).Status);
        Clock.SetUtcNow(AfterEveryWindow);
        Assert.Equal(200, (await CallAsync("POST", "/api/reporting-periods/hrc-47/finalise")).Status);
        var verifier = Get<PublicationLogVerifier>();

        var intact = await verifier.VerifyAsync(null, default);
        var manifest = JsonDocument.Parse(await SiteTextAsync(PublicationManifest.PathOf(intact.Entries))).RootElement;
        await Get<BlobServiceClient>().GetBlobContainerClient("$web").GetBlobClient(ReportHtml.CsvPath("hrc-47", 1))
            .UploadAsync(BinaryData.FromString("period_id\r\nforged\r\n"), overwrite: true);
        var tampered = await verifier.VerifyAsync(null, default);

        Assert.True(intact.Intact, intact.FirstMismatch);
        var written = manifest.GetProperty("written").EnumerateArray().Select(f => f.GetProperty("path").GetString()).ToList();
        Assert.Contains(ReportHtml.CsvPath("hrc-47", 1), written);
        Assert.Contains("es/" + ReportHtml.VersionPage("hrc-47", 1), written);
        Assert.Contains(ReportHtml.PdfPath("hrc-47", 1, "fr"), written);
        Assert.False(tampered.Intact);
        Assert.Contains(ReportHtml.CsvPath("hrc-47", 1), tampered.FirstMismatch);
    }

    [Fact]
    public async Task A_site_rebuild_keeps_the_reports_and_the_site_still_verifies()
    {
        Assert.Equal(201, (await CallAsync("POST", "/api/reporting-periods", Period)).Status);
        Clock.SetUtcNow(AfterEveryWindow);
        Assert.Equal(200, (await CallAsync("POST", "/api/reporting-periods/hrc-47/finalise")).Status);

        await Get<PublicationService>().RebuildAsync(clean: true, null, default);

        Assert.NotNull(await SiteFileAsync("fr/" + ReportHtml.VersionPage("hrc-47", 1)));
        Assert.Contains("reports/hrc-47/v1/", await SiteTextAsync("feeds/all.xml"));
        var verified = await Get<PublicationLogVerifier>().VerifyAsync(null, default);
        Assert.True(verified.Intact, verified.FirstMismatch);
    }

    [Fact]
    public async Task Rebuilding_the_index_brings_letters_and_replies_stored_before_it_into_the_report()
    {
        Assert.Equal(201, (await CallAsync("POST", "/api/reporting-periods", Period)).Status);
        Clock.SetUtcNow(new DateTimeOffset(2021, 3, 30, 10, 0, 0, TimeSpan.Zero));
        await ReplyAsync("romania", "al-rou-1-2021");
        var index = Get<global::Azure.Data.Tables.TableServiceClient>().GetTableClient(ResponsePortal.Azure.Reports.ReportStorageNames.IndexTable);
        await foreach (var row in index.QueryAsync<global::Azure.Data.Tables.TableEntity>())
        {
            await index.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }
        var before = await CallAsync("GET", "/api/reporting-periods/hrc-47/report");

        var request = Request("POST", "/api/report-index/rebuild", TokenFor("secretariat"));
        var rebuilt = await ExecuteAsync(request, await Functions.RebuildReportIndex(request, default));
        var after = await CallAsync("GET", "/api/reporting-periods/hrc-47/report");

        Assert.Equal(0, before.Json.GetProperty("report").GetProperty("totals").GetProperty("sent").GetInt32());
        Assert.Equal(200, rebuilt.Status);
        Assert.Equal((4, 1), (rebuilt.Json.GetProperty("letters").GetInt32(), rebuilt.Json.GetProperty("replies").GetInt32()));
        var totals = after.Json.GetProperty("report").GetProperty("totals");
        Assert.Equal((4, 1, 1), (totals.GetProperty("sent").GetInt32(), totals.GetProperty("late").GetInt32(), totals.GetProperty("repliesReceived").GetInt32()));
    }

    [Fact]
    public async Task A_bad_period_is_refused_with_every_reason_and_stores_nothing()
    {
        var bad = await CallAsync("POST", "/api/reporting-periods", """{"name":"","session":"x","startsOn":"2021-05-01","endsOn":"2021-01-01"}""");
        var unknownField = await CallAsync("POST", "/api/reporting-periods", """{"name":"HRC 48","session":"x","startsOn":"2021-05-01","endsOn":"2021-08-31","colour":"red"}""");
        var addressee = await CallAsync("POST", "/api/reporting-periods", Period, persona: "usa");
        Assert.Equal(201, (await CallAsync("POST", "/api/reporting-periods", Period)).Status);
        var duplicate = await CallAsync("POST", "/api/reporting-periods", Period);
        var missing = await CallAsync("GET", "/api/reporting-periods/hrc-99/report");

        Assert.Equal(400, bad.Status);
        Assert.Equal("application/problem+json", bad.ContentType);
        var errors = bad.Json.GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("endsOn", out _));
        Assert.Equal(400, unknownField.Status);
        Assert.Equal(403, addressee.Status);
        Assert.Equal(409, duplicate.Status);
        Assert.Equal(404, missing.Status);
        Assert.Equal(["hrc-47"], (await CallAsync("GET", "/api/reporting-periods")).Json.EnumerateArray().Select(p => p.GetProperty("id").GetString()));
    }

    /// <summary>The PDF's words, read back with PdfPig (an independent reader).</summary>
    private static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join(" ", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }
}
