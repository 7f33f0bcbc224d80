using System.Diagnostics;
using System.Text.Json;
using ResponsePortal.DevHost.Local;

namespace ResponsePortal.Integration.Tests.Harness;

/// <summary>One message as smtp4dev's HTTP API lists it.</summary>
public sealed record MailSummary(string Id, string From, IReadOnlyList<string> To, string Subject, DateTimeOffset ReceivedDate);

/// <summary>
/// A private smtp4dev (from the project's tool manifest) on free ports, shared by the tests of one collection,
/// and a reader for its HTTP API: the delivered mail is read the way a person reads it on the web page.
/// </summary>
public sealed class Smtp4devMailbox : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public LocalSmtp4dev Server { get; private set; } = null!;
    public HttpClient Api { get; private set; } = null!;
    public int SmtpPort => Server.SmtpPort;

    public async Task InitializeAsync()
    {
        Server = await LocalSmtp4dev.StartOnFreePortsAsync();
        Api = new HttpClient { BaseAddress = new Uri(Server.WebUrl) };
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await Server.DisposeAsync();
    }

    public async Task<IReadOnlyList<MailSummary>> ListAsync()
    {
        using var document = JsonDocument.Parse(await Api.GetStringAsync("/api/messages?pageSize=1000"));
        return document.RootElement.GetProperty("results").EnumerateArray()
            .Select(m => new MailSummary(
                m.GetProperty("id").GetString()!,
                m.GetProperty("from").GetString() ?? "",
                m.GetProperty("to").EnumerateArray().Select(t => t.GetString()!).ToList(),
                m.GetProperty("subject").GetString() ?? "",
                m.GetProperty("receivedDate").GetDateTimeOffset()))
            .ToList();
    }

    /// <summary>smtp4dev stores a message just after the SMTP exchange ends; wait (bounded) until the count is reached.</summary>
    public async Task<IReadOnlyList<MailSummary>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var messages = await ListAsync();
            if (messages.Count >= count || clock.Elapsed > (timeout ?? TimeSpan.FromSeconds(15)))
            {
                return messages;
            }
            await Task.Delay(50);
        }
    }

    public Task<string> PlainTextAsync(string id) => Api.GetStringAsync($"/api/messages/{id}/plaintext");

    public Task<string> HtmlAsync(string id) => Api.GetStringAsync($"/api/messages/{id}/html");

    /// <summary>The message's details as JSON: headers, parts and their headers.</summary>
    public Task<string> DetailAsync(string id) => Api.GetStringAsync($"/api/messages/{id}");

    public async Task ClearAsync()
    {
        using var response = await Api.DeleteAsync("/api/messages/*");
        response.EnsureSuccessStatusCode();
    }
}

[CollectionDefinition(Name)]
public sealed class Smtp4devCollection : ICollectionFixture<Smtp4devMailbox>
{
    public const string Name = "smtp4dev";
}
