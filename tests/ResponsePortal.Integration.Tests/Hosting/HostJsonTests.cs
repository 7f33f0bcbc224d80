using System.Text.Json;
using ResponsePortal.DevHost.Hosting;
using ResponsePortal.DevHost.Local;
using ResponsePortal.Functions.Publication;

namespace ResponsePortal.Integration.Tests.Hosting;

/// <summary>functions/ResponsePortal.Functions/host.json, the Functions host's settings in Azure.</summary>
public sealed class HostJsonTests
{
    private static JsonElement HostJson()
        => JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "functions", "ResponsePortal.Functions", "host.json"))).RootElement;

    [Fact]
    public void The_publisher_counts_a_job_as_poisoned_on_the_attempt_after_which_the_host_gives_up()
    {
        var maxDequeueCount = HostJson().GetProperty("extensions").GetProperty("queues").GetProperty("maxDequeueCount").GetInt32();

        Assert.Equal(PublicationFunctions.MaxDequeueCount, maxDequeueCount);
        Assert.Equal(TriggerRunner.MaxDequeueCount, maxDequeueCount);
    }
}
