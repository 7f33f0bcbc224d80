using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ResponsePortal.Audit;
using ResponsePortal.Azure.Replies;
using ResponsePortal.Communications;
using ResponsePortal.Functions.Replies;
using ResponsePortal.Integration.Tests.Harness;
using ResponsePortal.Publication;
using ResponsePortal.Replies;

namespace ResponsePortal.Integration.Tests.Replies;

public sealed class ReplyFunctionsTests : RepliesHarness
{
    private async Task<string> UploadConfidentialAsync()
    {
        var response = await UploadAsync("usa", UsaSlug, ReplyForm([("reply.pdf", Pdf())], new Dictionary<string, string>
        {
            ["confidentialityCategory"] = "privacy-of-victims",
            ["confidentialityReason"] = "The reply names the victims.",
        }));
        Assert.Equal(201, response.Status);
        return response.Json.GetProperty("id").GetString()!;
    }

    private async Task<Response> DecideAsync(string replyId, string json, string persona = "secretariat")
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = Request("POST", $"/api/communications/{UsaSlug}/replies/{replyId}/confidentiality", TokenFor(persona), content);
        return await ExecuteAsync(request, await Get<ReplyFunctions>().DecideConfidentiality(request, UsaSlug, replyId, default));
    }

    [Fact]
    public async Task The_secretariat_lists_and_reads_replies_with_their_confidentiality_request()
    {
        var replyId = await UploadConfidentialAsync();

        var listRequest = Request("GET", $"/api/communications/{UsaSlug}/replies", TokenFor("secretariat"));
        var list = await ExecuteAsync(listRequest, await Get<ReplyFunctions>().ListReplies(listRequest, UsaSlug, default));
        var getRequest = Request("GET", $"/api/communications/{UsaSlug}/replies/{replyId}", TokenFor("secretariat"));
        var one = await ExecuteAsync(getRequest, await Get<ReplyFunctions>().GetReply(getRequest, UsaSlug, replyId, default));

        Assert.Equal(replyId, Assert.Single(list.Json.EnumerateArray()).GetProperty("id").GetString());
        var confidentiality = one.Json.GetProperty("confidentiality");
        Assert.Equal("privacy-of-victims", confidentiality.GetProperty("category").GetString());
        Assert.Equal("requested", confidentiality.GetProperty("status").GetString());
        Assert.Equal("privacy-of-victims", one.Json.GetProperty("receipt").GetProperty("receipt").GetProperty("confidentialityRequested").GetString());
        Assert.Contains(await Get<IEventLog>().ListAsync(UsaSlug, default), e => e.Kind == ReplyEvents.ConfidentialityRequested && e.Data["category"] == "privacy-of-victims");
    }

    [Fact]
    public async Task A_decision_is_recorded_with_who_and_when_and_the_latest_one_counts()
    {
        var replyId = await UploadConfidentialAsync();
        var before = await ReplyRowAsync(replyId);
        Clock.Advance(TimeSpan.FromDays(2));
        var decidedAt = Clock.GetUtcNow();

        var accepted = await DecideAsync(replyId, """{"accepted": true, "note": "Victims are minors."}""");
        Clock.Advance(TimeSpan.FromHours(1));
        var refused = await DecideAsync(replyId, """{"accepted": false}""");

        Assert.Equal(200, accepted.Status);
        var decision = accepted.Json.GetProperty("confidentiality").GetProperty("decision");
        Assert.True(decision.GetProperty("accepted").GetBoolean());
        Assert.Equal("dev-secretariat-officer", decision.GetProperty("decidedBy").GetString());
        Assert.Equal(decidedAt, decision.GetProperty("decidedAt").GetDateTimeOffset());
        Assert.Equal("refused", refused.Json.GetProperty("confidentiality").GetProperty("status").GetString());
        var reader = Get<IReplyReader>();
        var reply = Assert.Single(await reader.ListForCommunicationAsync(UsaSlug, default));
        Assert.False(reply.Confidentiality!.WithholdsPublication);
        Assert.Equal(2, await RowCountAsync(ReplyStorageNames.ConfidentialityDecisionsTable));
        Assert.Equal(before, await ReplyRowAsync(replyId));
        Assert.Equal(2, (await Get<IEventLog>().ListAsync(UsaSlug, default)).Count(e => e.Kind == ReplyEvents.ConfidentialityDecided));
    }

    [Theory]
    [InlineData("""{"note": "no verdict"}""", 400)]
    [InlineData("""{"accepted": "yes"}""", 400)]
    [InlineData("""not json""", 400)]
    public async Task A_malformed_decision_is_refused_and_changes_nothing(string json, int status)
    {
        var replyId = await UploadConfidentialAsync();

        var response = await DecideAsync(replyId, json);

        Assert.Equal(status, response.Status);
        Assert.Equal(0, await RowCountAsync(ReplyStorageNames.ConfidentialityDecisionsTable));
    }

    [Fact]
    public async Task A_decision_on_a_published_letter_asks_for_a_republication()
    {
        var replyId = await UploadConfidentialAsync();
        var communications = Get<ICommunicationRepository>();
        var communication = (await communications.FindAsync(UsaSlug, default))!;
        Clock.SetUtcNow(new DateTimeOffset(2021, 3, 27, 6, 0, 0, TimeSpan.Zero));
        communication.RecordPublication(Clock.GetUtcNow());
        Assert.True(await communications.TryUpdateAsync(communication, default));
        Clock.Advance(TimeSpan.FromDays(1));

        var decided = await DecideAsync(replyId, """{"accepted": true, "note": "Victims are minors."}""");

        Assert.Equal(200, decided.Status);
        var message = JsonDocument.Parse(Assert.Single(await PublishMessagesAsync())).RootElement;
        Assert.Equal(UsaSlug, message.GetProperty("slug").GetString());
        Assert.Equal(PublishReasons.Republish, message.GetProperty("reason").GetString());
        Assert.Equal(Clock.GetUtcNow(), message.GetProperty("requestedAt").GetDateTimeOffset());
        Assert.Equal("dev-secretariat-officer", message.GetProperty("requestedBy").GetString());
    }

    private async Task PublishUsaAsync()
    {
        var communications = Get<ICommunicationRepository>();
        var communication = (await communications.FindAsync(UsaSlug, default))!;
        Clock.SetUtcNow(new DateTimeOffset(2021, 3, 27, 6, 0, 0, TimeSpan.Zero));
        communication.RecordPublication(Clock.GetUtcNow());
        Assert.True(await communications.TryUpdateAsync(communication, default));
        Clock.Advance(TimeSpan.FromDays(1));
    }

    [Fact]
    public async Task Reversing_a_decision_on_a_published_letter_without_a_note_is_refused_and_changes_nothing()
    {
        var replyId = await UploadConfidentialAsync();
        Assert.Equal(200, (await DecideAsync(replyId, """{"accepted": true}""")).Status);
        await PublishUsaAsync();

        var refused = await DecideAsync(replyId, """{"accepted": false, "note": "  "}""");

        Assert.Equal(400, refused.Status);
        Assert.StartsWith("application/problem+json", refused.ContentType);
        Assert.True(refused.Json.GetProperty("errors").TryGetProperty("note", out _));
        Assert.Equal(1, await RowCountAsync(ReplyStorageNames.ConfidentialityDecisionsTable));
        Assert.Empty(await PublishMessagesAsync());
    }

    [Fact]
    public async Task Reversing_a_decision_on_a_published_letter_with_a_note_is_audited_with_what_it_reverses()
    {
        var replyId = await UploadConfidentialAsync();
        Assert.Equal(200, (await DecideAsync(replyId, """{"accepted": true}""")).Status);
        await PublishUsaAsync();

        var reversed = await DecideAsync(replyId, """{"accepted": false, "note": "The victims' families agreed to publication."}""");

        Assert.Equal(200, reversed.Status);
        var audited = (await Get<IEventLog>().ListAsync(UsaSlug, default)).Where(e => e.Kind == ReplyEvents.ConfidentialityDecided).OrderBy(e => e.At).Last();
        Assert.Equal(("false", "accepted", "The victims' families agreed to publication."), (audited.Data["accepted"], audited.Data["reverses"], audited.Data["note"]));
        Assert.Single(await PublishMessagesAsync());
    }

    [Fact]
    public async Task Accepting_the_only_reply_s_request_makes_the_letter_s_reply_status_withheld_and_refusing_it_undoes_that()
    {
        var replyId = await UploadConfidentialAsync();
        var communications = Get<ICommunicationRepository>();

        await DecideAsync(replyId, """{"accepted": true}""");
        Assert.Equal(ReplyStatus.Withheld, (await communications.FindAsync(UsaSlug, default))!.ReplyStatus);
        Clock.Advance(TimeSpan.FromMinutes(5));
        await DecideAsync(replyId, """{"accepted": false}""");
        Assert.Equal(ReplyStatus.OnTime, (await communications.FindAsync(UsaSlug, default))!.ReplyStatus);
    }

    [Fact]
    public async Task A_decision_before_publication_queues_nothing()
    {
        var replyId = await UploadConfidentialAsync();

        var decided = await DecideAsync(replyId, """{"accepted": false}""");

        Assert.Equal(200, decided.Status);
        Assert.Empty(await PublishMessagesAsync());
    }

    [Fact]
    public async Task An_invalid_decision_on_a_published_letter_queues_nothing()
    {
        var replyId = await UploadConfidentialAsync();
        var communication = (await Get<ICommunicationRepository>().FindAsync(UsaSlug, default))!;
        communication.RecordPublication(Clock.GetUtcNow().AddDays(60));
        Assert.True(await Get<ICommunicationRepository>().TryUpdateAsync(communication, default));

        var invalid = await DecideAsync(replyId, """{"note": "no decision given"}""");

        Assert.Equal(400, invalid.Status);
        Assert.Empty(await PublishMessagesAsync());
    }

    [Fact]
    public async Task Deciding_on_a_reply_without_a_request_is_a_conflict()
    {
        var replyId = (await UploadAsync("usa", UsaSlug, ("reply.pdf", Pdf()))).Json.GetProperty("id").GetString()!;

        var response = await DecideAsync(replyId, """{"accepted": true}""");

        Assert.Equal(409, response.Status);
    }

    [Fact]
    public async Task The_secretariat_downloads_a_reply_file_and_the_download_is_logged_with_its_name()
    {
        var pdf = Pdf("Reply");
        var replyId = (await UploadAsync("usa", UsaSlug, ("reply.pdf", pdf))).Json.GetProperty("id").GetString()!;

        var request = Request("GET", $"/api/communications/{UsaSlug}/replies/{replyId}/files/1", TokenFor("secretariat"));
        var response = await ExecuteAsync(request, await Get<ReplyFunctions>().DownloadReplyFile(request, UsaSlug, replyId, "1", default));
        var missing = Request("GET", $"/api/communications/{UsaSlug}/replies/{replyId}/files/2", TokenFor("secretariat"));
        var missingResponse = await ExecuteAsync(missing, await Get<ReplyFunctions>().DownloadReplyFile(missing, UsaSlug, replyId, "2", default));

        Assert.Equal(200, response.Status);
        Assert.Equal("application/pdf", response.ContentType);
        Assert.Equal(Encoding.ASCII.GetString(pdf), response.Body);
        Assert.Equal(404, missingResponse.Status);
        var downloaded = Assert.Single(await Get<IEventLog>().ListAsync(UsaSlug, default), e => e.Kind == ReplyEvents.ReplyFileDownloaded);
        Assert.Equal("dev-secretariat-officer", downloaded.Actor);
        Assert.Equal("Secretariat", downloaded.Data["role"]);
    }

    private async Task<string> ReplyRowAsync(string replyId)
    {
        var row = await Get<global::Azure.Data.Tables.TableServiceClient>().GetTableClient(ReplyStorageNames.RepliesTable)
            .GetEntityAsync<global::Azure.Data.Tables.TableEntity>(UsaSlug, replyId);
        return string.Join("|", row.Value.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
    }
}
