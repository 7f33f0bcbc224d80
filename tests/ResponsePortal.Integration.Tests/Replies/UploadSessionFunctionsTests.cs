using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RequestFailedException = Azure.RequestFailedException;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using ResponsePortal.Azure.Replies;
using ResponsePortal.Functions.Replies;
using ResponsePortal.Integration.Tests.Harness;
using ResponsePortal.Replies;

namespace ResponsePortal.Integration.Tests.Replies;

/// <summary>Direct uploads against Azurite: sessions, blocks written through the SAS with a real blob client, and finalize.</summary>
public sealed class UploadSessionFunctionsTests : RepliesHarness
{
    private const int LargeFileLimit = 20 * 1024 * 1024;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Replies:MaxFileBytes"] = LargeFileLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Replies:MaxFiles"] = "3",
        ["Replies:MaxReplyBytes"] = (2 * LargeFileLimit).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Replies:MaxStreamedReplyBytes"] = StreamedCeiling.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private const int StreamedCeiling = 1024 * 1024;

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>A PDF of about <paramref name="size"/> bytes: header, filler, trailer.</summary>
    private static byte[] LargePdf(int size)
    {
        var head = Encoding.ASCII.GetBytes("%PDF-1.4\n% ");
        var tail = Encoding.ASCII.GetBytes("\ntrailer <</Root 1 0 R>>\nstartxref\n0\n%%EOF\n");
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        head.CopyTo(bytes, 0);
        tail.CopyTo(bytes, size - tail.Length);
        return bytes;
    }

    private BlobContainerClient Staging => Get<BlobServiceClient>().GetBlobContainerClient(ReplyUploadStorageNames.StagingContainer);

    private async Task<Response> OpenAsync(string persona, string slug, string fileName, long size, string replyKey)
    {
        var request = Request("POST", $"/api/me/communications/{slug}/uploads", TokenFor(persona),
            JsonContent.Create(new { fileName, size, replyKey }));
        return await ExecuteAsync(request, await Get<UploadSessionFunctions>().OpenUploadSession(request, slug, default));
    }

    private async Task<Response> FinalizeAsync(string persona, string slug, IEnumerable<string> sessions, string? note = null)
    {
        var request = Request("POST", $"/api/me/communications/{slug}/replies/from-uploads", TokenFor(persona),
            JsonContent.Create(new { sessions, note }));
        return await ExecuteAsync(request, await Get<UploadSessionFunctions>().ReplyFromUploads(request, slug, default));
    }

    /// <summary>What the browser does: Put Block through the SAS URL, block ids from the block index.</summary>
    private static async Task PutBlocksAsync(JsonElement session, byte[] file, IEnumerable<int>? only = null)
    {
        var blob = new BlockBlobClient(new Uri(session.GetProperty("uploadUrl").GetString()!));
        int blockSize = session.GetProperty("blockSize").GetInt32();
        int count = session.GetProperty("blockCount").GetInt32();
        foreach (var index in only ?? Enumerable.Range(0, count))
        {
            int offset = index * blockSize;
            using var block = new MemoryStream(file, offset, Math.Min(blockSize, file.Length - offset), writable: false);
            await blob.StageBlockAsync(UploadSession.BlockId(index), block);
        }
    }

    private async Task<(string Id, JsonElement Session)> UploadAsync(string persona, string slug, string fileName, byte[] file, string replyKey)
    {
        var opened = await OpenAsync(persona, slug, fileName, file.Length, replyKey);
        Assert.Equal(200, opened.Status);
        await PutBlocksAsync(opened.Json, file);
        return (opened.Json.GetProperty("id").GetString()!, opened.Json);
    }

    private async Task<List<string>> StagingBlobsAsync()
    {
        var names = new List<string>();
        await foreach (var blob in Staging.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }
        return names;
    }

    [Fact]
    public async Task A_file_sent_in_blocks_through_the_sas_becomes_a_reply_whose_receipt_has_its_hash()
    {
        var file = LargePdf(9 * 1024 * 1024 + 123);
        var (sessionId, session) = await UploadAsync("usa", UsaSlug, "reply.pdf", file, "key-1");

        var response = await FinalizeAsync("usa", UsaSlug, [sessionId], note: "Sent straight to storage.");

        Assert.Equal(201, response.Status);
        Assert.Equal(3, session.GetProperty("blockCount").GetInt32());
        var reply = response.Json;
        var replyId = reply.GetProperty("id").GetString()!;
        Assert.Equal($"/api/me/communications/{UsaSlug}/replies/{replyId}/receipt", response.Headers["Location"]);
        Assert.Equal("Sent straight to storage.", reply.GetProperty("note").GetString());
        var receiptFile = reply.GetProperty("receipt").GetProperty("receipt").GetProperty("files")[0];
        Assert.Equal(("reply.pdf", file.Length, "application/pdf", Sha(file)),
            (receiptFile.GetProperty("name").GetString(), receiptFile.GetProperty("size").GetInt32(), receiptFile.GetProperty("type").GetString(), receiptFile.GetProperty("sha256").GetString()));
        Assert.True(ReceiptVerifier.Verify(reply.GetProperty("receipt").GetRawText(), Get<ReceiptSigner>().PublicKeyPem).Valid);

        var stored = RepliesContainer.GetBlobClient($"{UsaSlug}/{replyId}/01-reply.pdf");
        var properties = (await stored.GetPropertiesAsync()).Value;
        Assert.Equal(("application/pdf", Sha(file)), (properties.ContentType, properties.Metadata["sha256"]));
        Assert.Equal(Sha(file), Sha((await stored.DownloadContentAsync()).Value.Content.ToArray()));
        Assert.Equal((1, 1, 1), ((await ReplyBlobsAsync()).Count, await RowCountAsync(ReplyStorageNames.RepliesTable), (await StorageStateAsync()).ReplyCount));
        Assert.Empty(await StagingBlobsAsync());
    }

    [Fact]
    public async Task Asking_again_for_the_session_renews_the_url_and_says_which_blocks_arrived()
    {
        var file = LargePdf(9 * 1024 * 1024);
        var first = await OpenAsync("usa", UsaSlug, "reply.pdf", file.Length, "key-resume");
        await PutBlocksAsync(first.Json, file, only: [0, 2]);

        var again = await OpenAsync("usa", UsaSlug, "reply.pdf", file.Length, "key-resume");

        Assert.Equal(200, again.Status);
        Assert.Equal(first.Json.GetProperty("id").GetString(), again.Json.GetProperty("id").GetString());
        Assert.Equal([], first.Json.GetProperty("receivedBlocks").EnumerateArray().Select(b => b.GetInt32()));
        Assert.Equal([0, 2], again.Json.GetProperty("receivedBlocks").EnumerateArray().Select(b => b.GetInt32()));
        var notYet = await FinalizeAsync("usa", UsaSlug, [again.Json.GetProperty("id").GetString()!]);
        Assert.Equal(409, notYet.Status);
        Assert.Contains("1 of 3 blocks are missing", notYet.Json.GetProperty("detail").GetString());

        await PutBlocksAsync(again.Json, file, only: [1]);
        var done = await FinalizeAsync("usa", UsaSlug, [again.Json.GetProperty("id").GetString()!]);

        Assert.Equal(201, done.Status);
        Assert.Equal(Sha(file), done.Json.GetProperty("files")[0].GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task A_repeated_finalize_returns_the_same_reply_and_stores_nothing_more()
    {
        var (one, _) = await UploadAsync("usa", UsaSlug, "reply.pdf", Pdf("Reply"), "key-twice");
        var (two, _) = await UploadAsync("usa", UsaSlug, "annex.txt", Text("Annex\n"), "key-twice");

        var first = await FinalizeAsync("usa", UsaSlug, [one, two]);
        var second = await FinalizeAsync("usa", UsaSlug, [one, two]);

        Assert.Equal((201, 200), (first.Status, second.Status));
        Assert.Equal(first.Json.GetProperty("id").GetString(), second.Json.GetProperty("id").GetString());
        Assert.Equal(first.Json.GetProperty("receipt").GetRawText(), second.Json.GetProperty("receipt").GetRawText());
        Assert.Equal((2, 1, 1), ((await ReplyBlobsAsync()).Count, await RowCountAsync(ReplyStorageNames.RepliesTable), (await StorageStateAsync()).ReplyCount));
        // A page that lost the answer asks for its sessions again: nothing to send, and the reply they are part of.
        var again = await OpenAsync("usa", UsaSlug, "reply.pdf", Pdf("Reply").Length, "key-twice");
        Assert.Equal((200, first.Json.GetProperty("id").GetString()), (again.Status, again.Json.GetProperty("replyId").GetString()));
        Assert.Equal([0], again.Json.GetProperty("receivedBlocks").EnumerateArray().Select(b => b.GetInt32()));
        Assert.Equal(JsonValueKind.Null, again.Json.GetProperty("uploadUrl").ValueKind);
    }

    [Fact]
    public async Task A_file_whose_content_is_not_a_document_is_refused_at_finalize_with_415_and_nothing_is_stored()
    {
        var (good, _) = await UploadAsync("usa", UsaSlug, "reply.pdf", Pdf("Reply"), "key-html");
        var (bad, _) = await UploadAsync("usa", UsaSlug, "annex.pdf", Text("<!doctype html><html><script>alert(1)</script></html>"), "key-html");

        var response = await FinalizeAsync("usa", UsaSlug, [good, bad]);

        Assert.Equal(415, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Contains("annex.pdf", response.Json.GetProperty("detail").GetString());
        Assert.Equal((0, 0, 0, 0), await StorageStateAsync());
        // The refused file is gone; the good one stays staged for a reply without the refused file.
        Assert.Equal([good], await StagingBlobsAsync());
    }

    [Fact]
    public async Task A_truncated_pdf_is_refused_at_finalize_with_415_like_the_streamed_path()
    {
        var whole = Pdf("Reply");
        var (truncated, _) = await UploadAsync("usa", UsaSlug, "reply.pdf", whole[..(whole.Length / 2)], "key-truncated");

        var response = await FinalizeAsync("usa", UsaSlug, [truncated]);

        Assert.Equal(415, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Contains("reply.pdf", response.Json.GetProperty("detail").GetString());
        Assert.Equal((0, 0, 0, 0), await StorageStateAsync());
        Assert.Empty(await StagingBlobsAsync());
    }

    [Fact]
    public async Task The_sas_writes_its_own_blob_only_and_reads_nothing()
    {
        var opened = await OpenAsync("usa", UsaSlug, "reply.pdf", 1000, "key-sas");
        var url = new Uri(opened.Json.GetProperty("uploadUrl").GetString()!);
        var own = new BlockBlobClient(url);
        await own.StageBlockAsync(UploadSession.BlockId(0), new MemoryStream(Pdf("x")));
        await own.CommitBlockListAsync([UploadSession.BlockId(0)]);
        var other = new BlockBlobClient(new UriBuilder(url) { Path = url.AbsolutePath[..(url.AbsolutePath.LastIndexOf('/') + 1)] + "someone-else" }.Uri);
        var replies = new BlobClient(new UriBuilder(url) { Path = url.AbsolutePath.Replace(ReplyUploadStorageNames.StagingContainer, ReplyStorageNames.RepliesContainer, StringComparison.Ordinal) }.Uri);

        var read = await Assert.ThrowsAsync<RequestFailedException>(() => own.DownloadContentAsync());
        var writeOther = await Assert.ThrowsAsync<RequestFailedException>(() => other.StageBlockAsync(UploadSession.BlockId(0), new MemoryStream(Pdf("x"))));
        var writeReplies = await Assert.ThrowsAsync<RequestFailedException>(() => replies.UploadAsync(new BinaryData(Pdf("x"))));
        var list = await Assert.ThrowsAsync<RequestFailedException>(async () =>
        {
            await foreach (var _ in new BlobContainerClient(new Uri(url.GetLeftPart(UriPartial.Path)[..url.GetLeftPart(UriPartial.Path).LastIndexOf('/')] + url.Query)).GetBlobsAsync())
            {
            }
        });

        Assert.Equal([403, 403, 403, 403], new[] { read.Status, writeOther.Status, writeReplies.Status, list.Status });
        Assert.Empty(await ReplyBlobsAsync());
    }

    [Fact]
    public async Task Another_addressee_can_neither_open_a_session_on_the_letter_nor_finalize_its_uploads()
    {
        var (sessionId, _) = await UploadAsync("usa", UsaSlug, "reply.pdf", Pdf("Reply"), "key-other");

        var open = await OpenAsync("romania", UsaSlug, "reply.pdf", 100, "key-other");
        var finalizeOnTheirLetter = await FinalizeAsync("romania", UsaSlug, [sessionId]);
        var finalizeOnOwnLetter = await FinalizeAsync("romania", "al-rou-1-2021", [sessionId]);

        Assert.Equal((404, 404, 404), (open.Status, finalizeOnTheirLetter.Status, finalizeOnOwnLetter.Status));
        Assert.Equal((0, 0, 0, 0), await StorageStateAsync());
        // The addressee's upload is untouched: its block still waits, uncommitted, for its own finalize.
        var blocks = (await Staging.GetBlockBlobClient(sessionId).GetBlockListAsync(global::Azure.Storage.Blobs.Models.BlockListTypes.Uncommitted)).Value;
        Assert.Equal([UploadSession.BlockId(0)], blocks.UncommittedBlocks.Select(b => b.Name));
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_before_any_byte_is_sent()
    {
        var response = await OpenAsync("usa", UsaSlug, "huge.pdf", LargeFileLimit + 1L, "key-huge");

        Assert.Equal(413, response.Status);
        Assert.Equal(0, await RowCountAsync(ReplyUploadStorageNames.SessionsTable));
    }

    [Theory]
    [InlineData("""{"fileName":"","size":10,"replyKey":"k"}""")]
    [InlineData("""{"fileName":"a.pdf","size":0,"replyKey":"k"}""")]
    [InlineData("""{"fileName":"a.pdf","size":10}""")]
    [InlineData("""{"fileName":"a.pdf","size":10,"replyKey":"k","extra":1}""")]
    [InlineData("""not json""")]
    public async Task A_malformed_session_request_is_a_400_and_stores_nothing(string body)
    {
        var request = Request("POST", $"/api/me/communications/{UsaSlug}/uploads", TokenFor("usa"), new StringContent(body, Encoding.UTF8, "application/json"));
        var response = await ExecuteAsync(request, await Get<UploadSessionFunctions>().OpenUploadSession(request, UsaSlug, default));

        Assert.Equal(400, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal(0, await RowCountAsync(ReplyUploadStorageNames.SessionsTable));
    }

    [Fact]
    public async Task A_multipart_reply_over_the_streamed_ceiling_is_a_413_that_points_to_upload_sessions()
    {
        // Above the ceiling and the room multipart framing is given on top of it (ReplyForms.MultipartOverheadBytes).
        var response = await UploadAsync("usa", UsaSlug, ("reply.pdf", LargePdf(StreamedCeiling + (int)ReplyForms.MultipartOverheadBytes + 1024)));

        Assert.Equal(413, response.Status);
        Assert.Contains("upload sessions", response.Json.GetProperty("detail").GetString());
        Assert.Equal((0, 0, 0, 0), await StorageStateAsync());
    }
}
