using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
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
    public async Task Storage_that_accepts_connections_and_never_answers_fails_after_two_network_timeouts_as_unavailable()
    {
        // A black hole: the port accepts TCP connections and then says nothing, like a hung front end.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var held = new List<TcpClient>();
        using var stop = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                held.Add(await silent.AcceptTcpClientAsync(stop.Token));
            }
        });
        var options = ServiceCollectionExtensions.FailFast(new ConfigurationBuilder().Build());
        var tables = new TableServiceClient(Refusing(((IPEndPoint)silent.LocalEndpoint).Port), options.Apply(new TableClientOptions(), options.NetworkTimeout));

        var clock = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => tables.GetTableClient("Communications").GetEntityIfExistsAsync<TableEntity>("p", "r"));
        clock.Stop();
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => accepting);
        held.ForEach(c => c.Dispose());

        Assert.True(ErrorBoundary.IsUnavailable(failure), failure.ToString());
        // Two attempts of NetworkTimeout (2 s) and one 0.2 s delay: about 4.2 s, not the SDK default's minutes.
        Assert.InRange(clock.Elapsed, options.NetworkTimeout, TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task Service_bus_that_refuses_connections_fails_a_send_quickly_as_unavailable()
    {
        var options = ServiceCollectionExtensions.FailFast(new ConfigurationBuilder().Build());
        // The emulator form of the connection string: plain AMQP to the given port, where nothing listens.
        await using var client = new ServiceBusClient(
            $"Endpoint=sb://127.0.0.1:{ChildProcess.FreePort()};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;",
            options.ServiceBus());
        await using var sender = client.CreateSender("reminders");

        var clock = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => sender.SendMessageAsync(new ServiceBusMessage("hello")));
        clock.Stop();

        Assert.True(ErrorBoundary.IsUnavailable(failure), failure.ToString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"The send took {clock.Elapsed.TotalSeconds:N1} s to fail.");
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
