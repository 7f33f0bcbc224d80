using System.Net.Http.Headers;
using System.Text.Json;

namespace ResponsePortal.Browser.Tests.Harness;

/// <summary>
/// Moves the DevHost's clock and waits for the publisher. Both waits are deterministic: POST /dev/clock/advance runs
/// the timers at the old and the new time and then drains every queue function (the publisher on <c>publish</c>)
/// before it answers, and POST /dev/queues/run drains the queues on request (a late reply's publish job).
/// </summary>
public static class PublicSite
{
    /// <summary>The close of the demo letters' window: 26 March 2021, end of the day in Geneva.</summary>
    public static readonly DateTimeOffset DemoClose = new(2021, 3, 26, 22, 59, 59, 999, TimeSpan.Zero);

    /// <summary>
    /// Runs <paramref name="beforeTheClose"/> and moves the clock past the close, unless an earlier test of the same
    /// class (same portal) already did; so every test of a class sees the same published demo, in any order.
    /// </summary>
    public static async Task MoveClockPastTheCloseAsync(this PortalFixture portal, Func<Task>? beforeTheClose = null)
    {
        using var http = new HttpClient { BaseAddress = new Uri(portal.BaseUrl + "/") };
        var now = JsonDocument.Parse(await http.GetStringAsync("dev/clock")).RootElement.GetProperty("now").GetDateTimeOffset();
        if (now > DemoClose)
        {
            return;
        }
        if (beforeTheClose is not null)
        {
            await beforeTheClose();
        }
        var days = Math.Ceiling((DemoClose - now).TotalDays) + 1;
        var moved = await http.PostAsync(FormattableString.Invariant($"dev/clock/advance?days={days}"), null);
        Assert.True(moved.IsSuccessStatusCode, $"Moving the clock failed: {(int)moved.StatusCode} {await moved.Content.ReadAsStringAsync()}");
    }

    public static async Task RunQueuesAsync(this PortalFixture portal)
    {
        using var http = new HttpClient { BaseAddress = new Uri(portal.BaseUrl + "/") };
        var ran = await http.PostAsync("dev/queues/run", null);
        Assert.True(ran.IsSuccessStatusCode, $"Running the queue functions failed: {(int)ran.StatusCode}");
    }

    /// <summary>An addressee's reply through the API (the upload page has its own journey tests).</summary>
    public static async Task ReplyAsync(this PortalFixture portal, string persona, string slug, string fileName)
    {
        using var api = portal.Api(persona);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(TestFiles.Pdf("Reply " + fileName));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "files", fileName);
        form.Add(new StringContent("en"), "language");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/me/communications/{slug}/replies") { Content = form };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await api.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"Reply to {slug} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
