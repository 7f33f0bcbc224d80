using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using ResponsePortal.Azure;
using ResponsePortal.DevHost.Local;
using ResponsePortal.Functions.Http;

namespace ResponsePortal.Integration.Tests.Http;

public sealed class FailFastOptionsTests
{
    private static string Refusing(int port) =>
        $"DefaultEndpointsProtocol=http;AccountName={LocalAzurite.AccountName};AccountKey={LocalAzurite.AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{port}/{LocalAzurite.AccountName};TableEndpoint=http://127.0.0.1:{port}/{LocalAzurite.AccountName};";

    [Fact]
    public async Task Storage_that_is_down_fails_a_table_and_a_blob_call_within_three_seconds_as_unavailable()
    {
        var options = ServiceCollectionExtensions.FailFast(new ConfigurationBuilder().Build());
        var connection = Refusing(ChildProcess.FreePort());
        var tables = new TableServiceClient(connection, options.Apply(new TableClientOptions(), options.NetworkTimeout));
        var blobs = new BlobServiceClient(connection, options.Apply(new BlobClientOptions(), options.BlobNetworkTimeout));

        var clock = Stopwatch.StartNew();
        var table = await Assert.ThrowsAnyAsync<Exception>(() => tables.GetTableClient("Communications").GetEntityIfExistsAsync<TableEntity>("p", "r"));
        var blob = await Assert.ThrowsAnyAsync<Exception>(() => blobs.GetBlobContainerClient("letters").GetBlobClient("a").ExistsAsync());
        clock.Stop();

        Assert.True(ErrorBoundary.IsUnavailable(table), table.ToString());
        Assert.True(ErrorBoundary.IsUnavailable(blob), blob.ToString());
        // The SDK defaults (3 retries from 0.8 s) took 5.5 s for each; one retry after 0.2 s takes well under a second each.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"Two refused calls took {clock.Elapsed.TotalSeconds:N1} s.");
    }

    [Fact]
    public void Settings_come_from_the_FailFast_section_and_are_validated()
    {
        var configured = ServiceCollectionExtensions.FailFast(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FailFast:MaxRetries"] = "2",
            ["FailFast:NetworkTimeout"] = "00:00:04",
        }).Build());
        Assert.Equal(2, configured.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(4), configured.Apply(new TableClientOptions(), configured.NetworkTimeout).Retry.NetworkTimeout);

        Assert.ThrowsAny<System.ComponentModel.DataAnnotations.ValidationException>(() => ServiceCollectionExtensions.FailFast(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["FailFast:MaxRetries"] = "50" }).Build()));
    }
}
