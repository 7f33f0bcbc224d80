using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ResponsePortal.Audit;
using ResponsePortal.Communications;
using ResponsePortal.Functions.Replies;
using ResponsePortal.Integration.Tests.Harness;
using ResponsePortal.Replies;

namespace ResponsePortal.Integration.Tests.Replies;

public sealed class MyReplyFunctionsTests : RepliesHarness
{
    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public async Task A_reply_is_stored_counted_logged_and_answered_with_a_signed_receipt()
    {
        var pdf = Pdf("Reply of the United States");
        var text = Text("Annex: list of measures taken.\n");
        Clock.SetUtcNow(new DateTimeOffset(2021, 3, 1, 10, 0, 0, TimeSpan.Zero));

        var response = await UploadAsync("usa", UsaSlug, ReplyForm([("reply.pdf", pdf), ("annex.txt", text)],
            new Dictionary<string, string> { ["note"] = "Our answer.", ["language"] = "en" }));

        Assert.Equal(201, response.Status);
        var body = response.Json;
        var replyId = body.GetProperty("id").GetString()!;
        Assert.Equal($"/api/me/communications/{UsaSlug}/replies/{replyId}/receipt", response.Headers["Location"]);
        Assert.Equal("2021-03-01T10:00:00+00:00", body.GetProperty("receivedAt").GetString());
        Assert.True(body.GetProperty("onTime").GetBoolean());
        var receipt = body.GetProperty("receipt").GetProperty("receipt");
        Assert.Equal("AL USA 2/2021", receipt.GetProperty("communicationReference").GetString());
        Assert.Equal("USA", receipt.GetProperty("addresseeId").GetString());
        Assert.Equal("United States of America", receipt.GetProperty("addresseeName").GetString());
        Assert.Equal("2021-03-01T10:00:00.000Z", receipt.GetProperty("receivedAtUtc").GetString());
        Assert.Equal("2021-03-01T11:00:00.000+01:00 Europe/Zurich", receipt.GetProperty("receivedAtGeneva").GetString());
        var files = receipt.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(["reply.pdf", "annex.txt"], files.Select(f => f.GetProperty("name").GetString()));
        Assert.Equal([pdf.Length, text.Length], files.Select(f => f.GetProperty("size").GetInt64()));
        Assert.Equal(["application/pdf", "text/plain; charset=utf-8"], files.Select(f => f.GetProperty("type").GetString()));
        Assert.Equal([Sha(pdf), Sha(text)], files.Select(f => f.GetProperty("sha256").GetString()));
        Assert.True(ReceiptVerifier.Verify(body.GetProperty("receipt").GetRawText(), Get<ReceiptSigner>().PublicKeyPem).Valid);

        Assert.Equal([$"{UsaSlug}/{replyId}/01-reply.pdf", $"{UsaSlug}/{replyId}/02-annex.txt"], (await ReplyBlobsAsync()).Order());
        Assert.Equal((2, 1, 0, 1), await StorageStateAsync());
        var communication = await Get<ICommunicationRepository>().FindAsync(UsaSlug, default);
        Assert.Equal(Clock.GetUtcNow(), communication!.FirstReplyAt);
        // Both happen at the receipt instant; the event log does not order events of the same instant.
        var replyEvents = (await Get<IEventLog>().ListAsync(UsaSlug, default)).Where(e => e.Kind != CommunicationEvent.Registered).ToList();
        Assert.Equal([ReplyEvents.ReceiptIssued, ReplyEvents.ReplyReceived], replyEvents.Select(e => e.Kind).Order(StringComparer.Ordinal));
        Assert.All(replyEvents, e => Assert.Equal(("dev-usa-officer", Clock.GetUtcNow(), replyId), (e.Actor, e.At, e.Data["replyId"])));
        Assert.Empty(await PublishMessagesAsync());
    }

    [Fact]
    public async Task The_stored_receipt_can_be_fetched_as_json_and_as_a_page_and_verifies()
    {
        var uploaded = await UploadAsync("usa", UsaSlug, ("reply.pdf", Pdf()));
        var replyId = uploaded.Json.GetProperty("id").GetString()!;

        var jsonRequest = Request("GET", $"/api/me/communications/{UsaSlug}/replies/{replyId}/receipt", TokenFor("usa"));
        var json = await ExecuteAsync(jsonRequest, await Get<MyReplyFunctions>().GetMyReceipt(jsonRequest, UsaSlug, replyId, default));
        var htmlRequest = Request("GET", $"/api/me/communications/{UsaSlug}/replies/{replyId}/receipt?format=html", TokenFor("usa"));
        var html = await ExecuteAsync(htmlRequest, await Get<MyReplyFunctions>().GetMyReceipt(htmlRequest, UsaSlug, replyId, default));
        var keyRequest = Request("GET", "/api/receipts/public-key");
        var key = await ExecuteAsync(keyRequest, Get<ReceiptKeyFunction>().GetReceiptPublicKey(keyRequest));

        Assert.Equal(200, json.Status);
        Assert.StartsWith("attachment;", json.Headers["Content-Disposition"], StringComparison.Ordinal);
        Assert.True(ReceiptVerifier.Verify(json.Body, key.Body).Valid);
        Assert.False(ReceiptVerifier.Verify(json.Body.Replace("AL USA 2/2021", "AL USA 3/2021", StringComparison.Ordinal), key.Body).Valid);
        Assert.Equal(200, html.Status);
        Assert.Equal("text/html; charset=utf-8", html.ContentType);
        Assert.Contains("AL USA 2/2021", html.Body, StringComparison.Ordinal);
        Assert.Contains(uploaded.Json.GetProperty("files")[0].GetProperty("sha256").GetString()!, html.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")]
    [InlineData("MZ\u0090\u0000\u0003\u0000\u0000\u0000program")]
    [InlineData("\u007FELF\u0002\u0001\u0001binary")]
    public async Task A_web_page_or_program_named_pdf_is_refused_with_415_and_nothing_is_stored(string content)
    {
        var response = await UploadAsync("usa", UsaSlug, ("reply.pdf", Pdf()), ("annex.pdf", Encoding.Latin1.GetBytes(content)));

        Assert.Equal(415, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal((0, 0, 0, 0), await StorageStateAsync());
    }

    [Fact]
    public async Task A_file_over_the_size_limit_gets_413_and_the_files_before_it_are_removed()
    {
        var big = Pdf().Concat(new byte[MaxFileBytes]).ToArray();

        var response = await UploadAsync("usa", UsaSlug, ("reply.pdf", Pdf()), ("big.pdf", big));

        Assert.Equal(413, response.Status);
        Assert.Contains($"{MaxFileBytes:N0}", response.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal((0, 0, 0, 0), await StorageStateAsync());
    }

    [Fact]
    public async Task Files_that_together_exceed_the_reply_limit_get_413()
    {
        var large = Pdf().Concat(new byte[MaxFileBytes - 2000]).ToArray();

        var response = await UploadAsync("usa", UsaSlug, ("a.pdf", large), ("b.pdf", large));

        Assert.Equal(413, response.Status);
        Assert.Contains($"{MaxReplyBytes:N0}", response.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal((0, 0, 0, 0), await StorageStateAsync());
    }

    [Fact]
    public async Task More_files_than_allowed_get_413()
    {
        var response = await UploadAsync("usa", UsaSlug, Enumerable.Range(1, MaxFiles + 1).Select(i => ($"{i}.pdf", Pdf())).ToArray());

        Assert.Equal(413, response.Status);
        Assert.Equal((0, 0, 0, 0), await StorageStateAsync());
    }

    [Fact]
    public async Task A_zero_byte_file_gets_400_and_nothing_is_stored()
    {
        var response = await UploadAsync("usa", UsaSlug, ("reply.pdf", Pdf()), ("empty.pdf", []));

        Assert.Equal(400, response.Status);
        Assert.Contains("empty", response.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal((0, 0, 0, 0), await StorageStateAsync());
    }

    [Fact]
    public async Task A_form_without_files_gets_400()
    {
        var response = await UploadAsync("usa", UsaSlug, ReplyForm([], new Dictionary<string, string> { ["note"] = "no files" }));

        Assert.Equal(400, response.Status);
        Assert.Equal((0, 0, 0, 0), await StorageStateAsync());
    }

    [Fact]
    public async Task A_truncated_multipart_body_gets_400_and_nothing_is_stored()
    {
        var request = Request("POST", $"/api/me/communications/{UsaSlug}/replies", TokenFor("usa"));
        var form = ReplyForm([("reply.pdf", Pdf()), ("annex.pdf", Pdf().Concat(new byte[20_000]).ToArray())]);
        var bytes = await form.ReadAsByteArrayAsync();
        request.Body = new MemoryStream(bytes[..(bytes.Length - 5000)]);
        request.ContentLength = bytes.Length - 5000;
        request.ContentType = form.Headers.ContentType!.ToString();
        var response = await ExecuteAsync(request, await Get<MyReplyFunctions>().UploadReply(request, UsaSlug, default));

        Assert.Equal(400, response.Status);
        Assert.Contains("ended", response.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal((0, 0, 0, 0), await StorageStateAsync());
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_upload_leaves_no_reply_and_no_blob()
    {
        var form = ReplyForm([("reply.pdf", Pdf()), ("annex.pdf", Pdf().Concat(new byte[40_000]).ToArray())]);
        var bytes = await form.ReadAsByteArrayAsync();
        using var disconnect = new CancellationTokenSource();
        var request = Request("POST", $"/api/me/communications/{UsaSlug}/replies", TokenFor("usa"));
        request.Body = new DisconnectingStream(bytes, bytes.Length - 10_000, disconnect);
        request.ContentLength = bytes.Length;
        request.ContentType = form.Headers.ContentType!.ToString();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Get<MyReplyFunctions>().UploadReply(request, UsaSlug, disconnect.Token));

        Assert.Equal((0, 0, 0, 0), await StorageStateAsync());
    }

    [Theory]
    [InlineData("../../etc/reply.pdf", "reply.pdf")]
    [InlineData("C:\\Users\\officer\\Desktop\\reply.pdf", "reply.pdf")]
    [InlineData("/abs/path/to/reply.pdf", "reply.pdf")]
    public async Task Path_parts_are_removed_from_file_names(string given, string shown)
    {
        var response = await UploadAsync("usa", UsaSlug, (given, Pdf()));

        Assert.Equal(201, response.Status);
        var replyId = response.Json.GetProperty("id").GetString();
        Assert.Equal(shown, response.Json.GetProperty("files")[0].GetProperty("fileName").GetString());
        Assert.Equal([$"{UsaSlug}/{replyId}/01-{shown}"], await ReplyBlobsAsync());
    }

    [Fact]
    public async Task Fifty_concurrent_uploads_to_one_letter_are_all_stored_and_counted()
    {
        var responses = await Task.WhenAll(Enumerable.Range(1, 50).Select(i => UploadAsync("usa", UsaSlug, ($"reply-{i}.pdf", Pdf($"Reply {i}")))));

        Assert.All(responses, r => Assert.Equal(201, r.Status));
        Assert.Equal(50, responses.Select(r => r.Json.GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal((50, 50, 0, 50), await StorageStateAsync());
        var listRequest = Request("GET", $"/api/me/communications/{UsaSlug}/replies", TokenFor("usa"));
        var list = await ExecuteAsync(listRequest, await Get<MyReplyFunctions>().ListMyReplies(listRequest, UsaSlug, default));
        Assert.Equal(50, list.Json.GetArrayLength());
    }

    [Fact]
    public async Task The_same_idempotency_key_sent_twice_at_once_stores_one_reply()
    {
        var responses = await Task.WhenAll(Enumerable.Range(1, 2).Select(_ => UploadAsync("usa", UsaSlug, ReplyForm([("reply.pdf", Pdf())]), "key-1")));

        Assert.Single(responses, r => r.Status == 201);
        Assert.All(responses, r => Assert.Contains(r.Status, new[] { 200, 201, 409 }));
        Assert.Equal((1, 1, 1, 1), await StorageStateAsync());

        var retry = await UploadAsync("usa", UsaSlug, ReplyForm([("reply.pdf", Pdf())]), "key-1");
        var first = responses.Single(r => r.Status == 201);
        Assert.Equal(200, retry.Status);
        Assert.Equal(first.Json.GetProperty("receiptId").GetString(), retry.Json.GetProperty("receiptId").GetString());
        Assert.Equal((1, 1, 1, 1), await StorageStateAsync());
    }

    [Fact]
    public async Task A_refused_upload_gives_its_idempotency_key_back_for_a_retry()
    {
        var refused = await UploadAsync("usa", UsaSlug, ReplyForm([("empty.pdf", [])]), "key-2");
        var retried = await UploadAsync("usa", UsaSlug, ReplyForm([("reply.pdf", Pdf())]), "key-2");

        Assert.Equal(400, refused.Status);
        Assert.Equal(201, retried.Status);
        Assert.Equal((1, 1, 1, 1), await StorageStateAsync());
    }

    [Fact]
    public async Task A_retry_after_a_crash_between_storing_the_reply_and_completing_its_key_returns_the_stored_reply()
    {
        var first = await UploadAsync("usa", UsaSlug, ReplyForm([("reply.pdf", Pdf())]), "key-3");
        await SetClaimStateAsync("key-3", "in-progress", Clock.GetUtcNow());

        var retry = await UploadAsync("usa", UsaSlug, ReplyForm([("reply.pdf", Pdf())]), "key-3");

        Assert.Equal(200, retry.Status);
        Assert.Equal(first.Json.GetProperty("id").GetString(), retry.Json.GetProperty("id").GetString());
        Assert.Equal((1, 1, 1, 1), await StorageStateAsync());
    }

    [Fact]
    public async Task A_key_left_in_progress_by_a_host_that_died_is_taken_over_after_an_hour()
    {
        await Get<IReplyRepository>().ClaimAsync("USA", UsaSlug, "key-4", "deadbeef", Clock.GetUtcNow(), ReplySubmission.StaleClaim, default);

        var tooSoon = await UploadAsync("usa", UsaSlug, ReplyForm([("reply.pdf", Pdf())]), "key-4");
        Clock.Advance(ReplySubmission.StaleClaim);
        var later = await UploadAsync("usa", UsaSlug, ReplyForm([("reply.pdf", Pdf())]), "key-4");

        Assert.Equal(409, tooSoon.Status);
        Assert.Equal(201, later.Status);
        Assert.Equal((1, 1, 1, 1), await StorageStateAsync());
    }

    private async Task SetClaimStateAsync(string key, string state, DateTimeOffset claimedAt)
    {
        var (pk, rk) = ResponsePortal.Azure.Replies.ReplyStorageKeys.IdempotencyKey("USA", UsaSlug, key);
        var table = Get<global::Azure.Data.Tables.TableServiceClient>().GetTableClient(ResponsePortal.Azure.Replies.ReplyStorageNames.IdempotencyKeysTable);
        var entity = (await table.GetEntityAsync<global::Azure.Data.Tables.TableEntity>(pk, rk)).Value;
        entity["State"] = state;
        entity["ClaimedAt"] = claimedAt;
        await table.UpdateEntityAsync(entity, entity.ETag);
    }

    [Fact]
    public async Task A_reply_after_the_close_is_late_by_whole_days_in_geneva()
    {
        // Closes 2021-03-26 22:59:59.999Z; 2021-03-28 00:30 Geneva (CET, before the switch at 02:00) is the 28th: 2 days late.
        Clock.SetUtcNow(new DateTimeOffset(2021, 3, 27, 23, 30, 0, TimeSpan.Zero));

        var response = await UploadAsync("usa", UsaSlug, ("reply.pdf", Pdf()));

        Assert.Equal(201, response.Status);
        Assert.False(response.Json.GetProperty("onTime").GetBoolean());
        Assert.Equal(2, response.Json.GetProperty("daysLate").GetInt32());
        Assert.Equal(2, response.Json.GetProperty("receipt").GetProperty("receipt").GetProperty("daysLate").GetInt32());
        Assert.Empty(await PublishMessagesAsync());
    }

    [Fact]
    public async Task A_reply_after_publication_asks_for_a_late_reply_publication()
    {
        var communications = Get<ICommunicationRepository>();
        var communication = (await communications.FindAsync(UsaSlug, default))!;
        Clock.SetUtcNow(new DateTimeOffset(2021, 3, 27, 6, 0, 0, TimeSpan.Zero));
        communication.RecordPublication(Clock.GetUtcNow());
        Assert.True(await communications.TryUpdateAsync(communication, default));
        Clock.Advance(TimeSpan.FromDays(3));

        var response = await UploadAsync("usa", UsaSlug, ("reply.pdf", Pdf()));

        Assert.Equal(201, response.Status);
        var message = JsonDocument.Parse(Assert.Single(await PublishMessagesAsync())).RootElement;
        Assert.Equal(UsaSlug, message.GetProperty("slug").GetString());
        Assert.Equal("late-reply", message.GetProperty("reason").GetString());
        Assert.Equal(Clock.GetUtcNow(), message.GetProperty("requestedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Another_addressees_letter_is_404_and_nothing_is_stored()
    {
        var response = await UploadAsync("romania", UsaSlug, ("reply.pdf", Pdf()));

        Assert.Equal(404, response.Status);
        Assert.Equal((0, 0, 0, 0), await StorageStateAsync());
    }

    [Fact]
    public async Task A_confidentiality_request_needs_a_known_category_and_a_reason()
    {
        var unknown = await UploadAsync("usa", UsaSlug, ReplyForm([("reply.pdf", Pdf())], new Dictionary<string, string> { ["confidentialityCategory"] = "because", ["confidentialityReason"] = "x" }));
        var noReason = await UploadAsync("usa", UsaSlug, ReplyForm([("reply.pdf", Pdf())], new Dictionary<string, string> { ["confidentialityCategory"] = "other" }));

        Assert.Equal(400, unknown.Status);
        Assert.True(unknown.Json.GetProperty("errors").TryGetProperty("confidentialityCategory", out _));
        Assert.Equal(400, noReason.Status);
        Assert.Equal((0, 0, 0, 0), await StorageStateAsync());
    }

    [Fact]
    public async Task The_addressee_downloads_its_own_file_and_the_download_is_logged()
    {
        var pdf = Pdf("Our reply");
        var replyId = (await UploadAsync("usa", UsaSlug, ("reply.pdf", pdf))).Json.GetProperty("id").GetString()!;

        var request = Request("GET", $"/api/me/communications/{UsaSlug}/replies/{replyId}/files/1", TokenFor("usa"));
        var response = await ExecuteAsync(request, await Get<MyReplyFunctions>().DownloadMyReplyFile(request, UsaSlug, replyId, "1", default));

        Assert.Equal(200, response.Status);
        Assert.Equal(Encoding.ASCII.GetString(pdf), response.Body);
        Assert.Equal($"sha-256=:{Convert.ToBase64String(SHA256.HashData(pdf))}:", response.Headers["Repr-Digest"]);
        var downloaded = Assert.Single(await Get<IEventLog>().ListAsync(UsaSlug, default), e => e.Kind == ReplyEvents.ReplyFileDownloaded);
        Assert.Equal("dev-usa-officer", downloaded.Actor);
        Assert.Equal("reply.pdf", downloaded.Data["file"]);
    }

    /// <summary>Hands out bytes up to a point, then behaves like a connection the client dropped.</summary>
    private sealed class DisconnectingStream(byte[] bytes, int dropAt, CancellationTokenSource disconnect) : MemoryStream(bytes)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Position >= dropAt)
            {
                await disconnect.CancelAsync();
                cancellationToken.ThrowIfCancellationRequested();
                throw new OperationCanceledException(disconnect.Token);
            }
            return await base.ReadAsync(buffer[..(int)Math.Min(buffer.Length, dropAt - Position)], cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
