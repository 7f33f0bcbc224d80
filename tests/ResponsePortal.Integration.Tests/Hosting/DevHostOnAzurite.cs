using System.Net.Http.Json;
using System.Text.Json;
using ResponsePortal.DevHost.Hosting;
using ResponsePortal.DevHost.Local;

namespace ResponsePortal.Integration.Tests.Hosting;

/// <summary>
/// A DevHost over real HTTP on 127.0.0.1 with its own in-memory Azurite: no triggers, and no mail (a shared smtp4dev
/// on the default ports would couple tests running in parallel). What the tests of its HTTP surface share.
/// </summary>
internal sealed class DevHostOnAzurite : IAsyncDisposable
{
    private readonly LocalAzurite _azurite;
    private readonly string _data;

    private DevHostOnAzurite(LocalAzurite azurite, string data, DevHostApp host)
    {
        _azurite = azurite;
        _data = data;
        Host = host;
        Http = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
    }

    public DevHostApp Host { get; }
    public HttpClient Http { get; }
    public int BlobPort => _azurite.BlobPort;

    public static async Task<DevHostOnAzurite> StartAsync(string dataPrefix)
    {
        var azurite = await LocalAzurite.StartInMemoryAsync();
        var data = Directory.CreateTempSubdirectory(dataPrefix).FullName;
        var host = await DevHostApp.StartAsync(new DevHostSettings
        {
            DataDirectory = data,
            Port = ChildProcess.FreePort(),
            StorageConnectionString = azurite.ConnectionString,
            RunTriggers = false,
            StartSmtp4dev = false,
        });
        return new DevHostOnAzurite(azurite, data, host);
    }

    /// <summary>A bearer token for one of the DevHost's personas (secretariat, usa, …).</summary>
    public async Task<string> TokenAsync(string persona)
    {
        var response = await Http.PostAsync($"/dev/token/{persona}", null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        await _azurite.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}
