using System.Net.Http.Headers;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using ResponsePortal.Azure.Replies;
using ResponsePortal.Communications;
using ResponsePortal.Functions.Replies;
using ResponsePortal.Integration.Tests.Harness;

namespace ResponsePortal.Integration.Tests.Replies;

/// <summary>The demo case with small upload limits, plus helpers to upload replies and look at exactly what storage holds.</summary>
public abstract class RepliesHarness : PortalHarness
{
    public const string UsaSlug = "al-usa-2-2021";
    public const int MaxFileBytes = 64 * 1024;
    public const int MaxFiles = 3;
    public const int MaxReplyBytes = 100 * 1024;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Replies:MaxFileBytes"] = MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Replies:MaxFiles"] = MaxFiles.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Replies:MaxReplyBytes"] = MaxReplyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // These tests are about what is stored, not about failing fast: fifty uploads at once into an Azurite shared
        // with the other test assemblies can keep one table call past the 2 s a deployment allows (docs/faults.md).
        ["FailFast:NetworkTimeout"] = "00:00:30",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await this.SeedDemoAsync();
    }

    public static MultipartFormDataContent ReplyForm(IEnumerable<(string FileName, byte[] Bytes)> files, IDictionary<string, string>? fields = null)
    {
        var form = new MultipartFormDataContent();
        foreach (var (fileName, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(part, "files", fileName);
        }
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
        {
            form.Add(new StringContent(value), name);
        }
        return form;
    }

    public async Task<Response> UploadAsync(string persona, string slug, HttpContent form, string? idempotencyKey = null)
    {
        var request = Request("POST", $"/api/me/communications/{slug}/replies", TokenFor(persona), form);
        if (idempotencyKey is not null)
        {
            request.Headers["Idempotency-Key"] = idempotencyKey;
        }
        return await ExecuteAsync(request, await Get<MyReplyFunctions>().UploadReply(request, slug, default));
    }

    public Task<Response> UploadAsync(string persona, string slug, params (string FileName, byte[] Bytes)[] files)
        => UploadAsync(persona, slug, ReplyForm(files));

    public BlobContainerClient RepliesContainer => Get<BlobServiceClient>().GetBlobContainerClient(ReplyStorageNames.RepliesContainer);

    /// <summary>Every committed blob in the replies container (what anyone could ever read).</summary>
    public async Task<List<string>> ReplyBlobsAsync()
    {
        var names = new List<string>();
        await foreach (var blob in RepliesContainer.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }
        return names;
    }

    public async Task<int> RowCountAsync(string table)
    {
        int count = 0;
        await foreach (var _ in Get<TableServiceClient>().GetTableClient(table).QueryAsync<TableEntity>())
        {
            count++;
        }
        return count;
    }

    /// <summary>Reply rows only: the partition also holds outbox rows (ADR 0103).</summary>
    public async Task<int> ReplyRowCountAsync()
    {
        int count = 0;
        await foreach (var _ in Get<TableServiceClient>().GetTableClient(ReplyStorageNames.RepliesTable).QueryAsync<TableEntity>($"RowKey lt '{ReplyStorageKeys.OutboxPrefix}'"))
        {
            count++;
        }
        return count;
    }

    public async Task<(int Blobs, int Replies, int Keys, int ReplyCount)> StorageStateAsync()
        => ((await ReplyBlobsAsync()).Count, await ReplyRowCountAsync(), await RowCountAsync(ReplyStorageNames.IdempotencyKeysTable),
            (await Get<ICommunicationRepository>().FindAsync(UsaSlug, default))!.ReplyCount);

    /// <summary>Uploads in progress and outbox rows: none once every upload has finished.</summary>
    public async Task<(int Uploads, int Outbox)> UnfinishedAsync()
    {
        int uploads = 0, outbox = 0;
        await foreach (var _ in Get<TableServiceClient>().GetTableClient(ReplyStorageNames.UploadsTable).QueryAsync<TableEntity>($"PartitionKey eq '{ReplyStorageKeys.UploadsPartition}'"))
        {
            uploads++;
        }
        await foreach (var _ in Get<TableServiceClient>().GetTableClient(ReplyStorageNames.RepliesTable).QueryAsync<TableEntity>($"RowKey ge '{ReplyStorageKeys.OutboxPrefix}' and State eq 'pending'"))
        {
            outbox++;
        }
        return (uploads, outbox);
    }

    public async Task<List<string>> PublishMessagesAsync()
    {
        var queue = Get<QueueServiceClient>().GetQueueClient("publish");
        var messages = await queue.PeekMessagesAsync(32);
        return messages.Value.Select(m => m.Body.ToString()).ToList();
    }
}
