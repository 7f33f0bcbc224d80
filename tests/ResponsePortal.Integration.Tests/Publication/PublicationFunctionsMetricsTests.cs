using System.Diagnostics.Metrics;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using ResponsePortal.Azure.Publication;
using ResponsePortal.Common;
using ResponsePortal.Functions.Publication;
using ResponsePortal.Publication;

namespace ResponsePortal.Integration.Tests.Publication;

/// <summary>What <see cref="PublicationFunctions"/> tells operators: publications applied, and jobs the host gives up on.</summary>
public sealed class PublicationFunctionsMetricsTests : PublicationHarness
{
    private string Job => JsonSerializer.Serialize(new PublishRequest(PublishRequest.CurrentSchemaVersion, UsaSlug, PublishReasons.WindowClosed, Clock.GetUtcNow(), "test"), StoragePublishQueue.Json);

    private MetricCollector<long> Collect(string instrument) => new(Get<IMeterFactory>(), PortalMetrics.MeterName, instrument);

    [Fact]
    public async Task A_job_that_fails_on_the_hosts_last_attempt_is_counted_as_poisoned_and_still_fails()
    {
        Clock.SetUtcNow(AfterDemoClose);
        using var poisoned = Collect(PortalMetrics.PublicationsPoisoned);
        // The public site's container is gone, so every attempt to publish fails in storage.
        await Get<BlobServiceClient>().GetBlobContainerClient(PublicationStorageNames.WebContainer).DeleteAsync();

        await Assert.ThrowsAsync<RequestFailedException>(() => Get<PublicationFunctions>().PublishCommunication(Job, 1, default));
        Assert.Empty(poisoned.GetMeasurementSnapshot());

        await Assert.ThrowsAsync<RequestFailedException>(() => Get<PublicationFunctions>().PublishCommunication(Job, PublicationFunctions.MaxDequeueCount, default));
        Assert.Equal(1, poisoned.GetMeasurementSnapshot().Sum(m => m.Value));
    }

    [Fact]
    public async Task A_job_that_publishes_is_counted_and_one_that_cannot_apply_is_not()
    {
        using var published = Collect(PortalMetrics.Publications);

        await Get<PublicationFunctions>().PublishCommunication(Job, 1, default);
        Assert.Empty(published.GetMeasurementSnapshot());

        Clock.SetUtcNow(AfterDemoClose);
        await Get<PublicationFunctions>().PublishCommunication(Job, 1, default);
        Assert.Equal(1, published.GetMeasurementSnapshot().Sum(m => m.Value));
    }
}
