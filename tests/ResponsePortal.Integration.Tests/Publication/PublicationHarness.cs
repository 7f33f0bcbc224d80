using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using ResponsePortal.Azure.Publication;
using ResponsePortal.Common;
using ResponsePortal.Communications;
using ResponsePortal.Functions.Publication;
using ResponsePortal.Integration.Tests.Harness;
using ResponsePortal.Publication;
using ResponsePortal.Replies;

namespace ResponsePortal.Integration.Tests.Publication;

/// <summary>Replies as the replies feature would report them; files go to the real private <c>replies</c> container.</summary>
public sealed class InMemoryReplies : IReplyReader
{
    private readonly ConcurrentDictionary<string, List<Reply>> _replies = new();

    public void Add(Reply reply) => _replies.GetOrAdd(reply.Slug, _ => []).Add(reply);

    public void Replace(Reply reply)
    {
        var list = _replies[reply.Slug];
        list[list.FindIndex(r => r.Id == reply.Id)] = reply;
    }

    public Task<IReadOnlyList<Reply>> ListForCommunicationAsync(string slug, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<Reply>>(_replies.TryGetValue(slug, out var list) ? list.OrderBy(r => r.ReceivedAt).ToList() : []);
}

/// <summary>The portal on a private Azurite with the demo case loaded, a fake reply reader, and publishing helpers.</summary>
public abstract class PublicationHarness : PortalHarness
{
    public static readonly DateTimeOffset DemoWindowClosesAt = new(2021, 3, 26, 22, 59, 59, 999, TimeSpan.Zero);
    public static readonly DateTimeOffset AfterDemoClose = new(2021, 3, 27, 0, 0, 0, TimeSpan.Zero);
    public const string UsaSlug = "al-usa-2-2021";

    public InMemoryReplies Replies { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IReplyReader>(Replies);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await this.SeedDemoAsync();
    }

    public BlobContainerClient Web => Get<BlobServiceClient>().GetBlobContainerClient("$web");

    /// <summary>Runs the queue function on a job, as the Functions host would.</summary>
    public Task PublishAsync(string slug, string reason = PublishReasons.WindowClosed)
        => Get<PublicationFunctions>().PublishCommunication(
            JsonSerializer.Serialize(new PublishRequest(PublishRequest.CurrentSchemaVersion, slug, reason, Clock.GetUtcNow(), "test"), StoragePublishQueue.Json), 1, default);

    public async Task<string?> SiteTextAsync(string path)
        => await Get<ISiteOutput>().ReadAsync(path, default) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    public async Task<Dictionary<string, byte[]>> WholeSiteAsync()
    {
        var site = Get<ISiteOutput>();
        var all = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await foreach (var path in site.ListAsync(default))
        {
            all[path] = (await site.ReadAsync(path, default))!;
        }
        return all;
    }

    public Task<Reply> AddReplyAsync(string slug, string addresseeId, DateTimeOffset receivedAt, string content, string? note = null, ConfidentialityRequest? confidentiality = null)
        => AddReplyFileAsync(slug, addresseeId, receivedAt, Encoding.UTF8.GetBytes(content), "reply.txt", "text/plain; charset=utf-8", note, confidentiality);

    public async Task<Reply> AddReplyFileAsync(string slug, string addresseeId, DateTimeOffset receivedAt, byte[] bytes, string fileName, string contentType, string? note = null, ConfidentialityRequest? confidentiality = null)
    {
        var communication = (await Get<ICommunicationRepository>().FindAsync(slug, default))!;
        var id = $"{slug}-reply-{Guid.NewGuid():N}";
        var blobName = $"{slug}/{id}/{fileName}";
        await Get<BlobServiceClient>().GetBlobContainerClient("replies").UploadBlobAsync(blobName, BinaryData.FromBytes(bytes));
        var reply = new Reply(id, slug, addresseeId, receivedAt, communication.Window.DaysLate(receivedAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich")), note, "en",
            [new ReplyFile(blobName, fileName, contentType, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)))],
            confidentiality, "receipt-" + id, "user-" + addresseeId);
        Replies.Add(reply);
        communication.RecordReply(receivedAt);
        Assert.True(await Get<ICommunicationRepository>().TryUpdateAsync(communication, default));
        return reply;
    }

    /// <summary>Registers one more letter to the United States through the real use case.</summary>
    public async Task<Communication> RegisterAsync(string reference, string subject, string sentOn, string letter, string? publicVersion = null, string summary = "A letter registered by a publication test.")
    {
        var draft = new CommunicationDraft
        {
            Reference = reference,
            AddresseeId = "USA",
            Subject = subject,
            Summary = summary,
            Mandates = ["Special Rapporteur on freedom of expression"],
            SentOn = sentOn,
            ReplyWindowDays = 60,
        };
        var letterBytes = Encoding.UTF8.GetBytes(letter);
        var publicBytes = publicVersion is null ? null : Encoding.UTF8.GetBytes(publicVersion);
        var outcome = await Get<CommunicationRegistration>().RegisterAsync(Caller.System("test"), draft,
            new FileUpload("letter.txt", letterBytes.Length, new MemoryStream(letterBytes)),
            publicBytes is null ? null : new FileUpload("letter-public.txt", publicBytes.Length, new MemoryStream(publicBytes)), default);
        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
        return outcome.Value!;
    }

    /// <summary>The secretariat decides on a reply's confidentiality request, and the page is republished.</summary>
    public async Task<Reply> DecideAsync(Reply reply, bool accepted)
    {
        var decided = reply with { Confidentiality = reply.Confidentiality! with { Decision = new ConfidentialityDecision(accepted, "secretariat-1", Clock.GetUtcNow(), null) } };
        Replies.Replace(decided);
        await PublishAsync(reply.Slug, PublishReasons.Republish);
        return decided;
    }

    /// <summary>A correction recorded through the use case, then its republication.</summary>
    public async Task RepublishAsync(string slug, string note)
    {
        var outcome = await Get<PublicationService>().RequestRepublishAsync(Caller.System("test"), slug, new RepublishDraft { Note = note }, default);
        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
        await PublishAsync(slug, PublishReasons.Republish);
    }

    public async Task<List<string>> QueuedPublishJobsAsync()
    {
        var queue = Get<QueueServiceClient>().GetQueueClient("publish");
        var messages = (await queue.ReceiveMessagesAsync(32)).Value;
        return messages.Select(m => m.Body.ToString()).ToList();
    }
}
