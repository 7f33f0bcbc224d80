using System.Text.Json;
using Azure.Storage.Queues;
using ResponsePortal.Azure.Storage;
using ResponsePortal.Publication;

namespace ResponsePortal.Azure.Publication;

/// <summary>Publication jobs on the <c>publish</c> Storage queue, read by the queue-triggered publisher.</summary>
public sealed class StoragePublishQueue(QueueServiceClient queues) : IPublishQueue
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task EnqueueAsync(PublishRequest request, CancellationToken cancellationToken)
        => await queues.GetQueueClient(StorageNames.PublishQueue).SendMessageAsync(JsonSerializer.Serialize(request, Json), cancellationToken);
}
