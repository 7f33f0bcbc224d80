using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ResponsePortal.DevHost.Hosting;
using ResponsePortal.DevHost.Local;

namespace ResponsePortal.Integration.Tests.Hosting;

/// <summary>The local portal over real HTTP on 127.0.0.1, with its own Azurite, as a person would use it.</summary>
public sealed class DevHostTests : IAsyncLifetime
{
    private DevHostOnAzurite _devHost = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _devHost = await DevHostOnAzurite.StartAsync("devhost-");
        _http = _devHost.Http;
    }

    public async Task DisposeAsync() => await _devHost.DisposeAsync();

    private Task<string> TokenAsync(string persona) => _devHost.TokenAsync(persona);

    private async Task<HttpResponseMessage> GetAsync(string path, string? persona)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (persona is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(persona));
        }
        return await _http.SendAsync(request);
    }

    [Fact]
    public async Task Health_is_the_only_anonymous_api_route_and_answers()
    {
        var response = await _http.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Demo_journey_works_over_http()
    {
        var mine = await (await GetAsync("/api/me/communications", "usa")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["AL USA 2/2021"], mine.EnumerateArray().Select(c => c.GetProperty("reference").GetString()));

        var romania = await GetAsync("/api/me/communications/al-usa-2-2021", "romania");
        Assert.Equal(HttpStatusCode.NotFound, romania.StatusCode);
        Assert.Equal("application/problem+json", romania.Content.Headers.ContentType?.MediaType);

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/api/communications", null)).StatusCode);
        Assert.Equal(4, (await (await GetAsync("/api/communications", "secretariat")).Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
    }

    [Fact]
    public async Task Secretariat_registers_a_letter_with_curl_style_multipart()
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("""{"reference":"AL GBR 2/2021","addresseeId":"GBR","subject":"Follow-up","mandates":["Special Rapporteur"],"sentOn":"2021-01-25"}"""), "communication" },
            { new ByteArrayContent("%PDF-1.4\nstartxref\n0\n%%EOF\n"u8.ToArray()), "letter", "letter.pdf" },
        };
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/communications") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync("secretariat"));

        var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var uk = await (await GetAsync("/api/me/communications", "uk")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["AL GBR 1/2021", "AL GBR 2/2021"], uk.EnumerateArray().Select(c => c.GetProperty("reference").GetString()).Order());
    }

    [Fact]
    public async Task Dev_clock_starts_on_the_day_the_demo_letters_were_sent_and_moves_forward()
    {
        var clock = await _http.GetFromJsonAsync<JsonElement>("/dev/clock");
        var start = clock.GetProperty("now").GetDateTimeOffset();
        Assert.Equal(new DateOnly(2021, 1, 25), DateOnly.FromDateTime(start.UtcDateTime));

        var moved = await (await _http.PostAsync("/dev/clock/advance?days=46", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(moved.GetProperty("now").GetDateTimeOffset() - start >= TimeSpan.FromDays(46));
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.PostAsync("/dev/clock/advance?days=-3", null)).StatusCode);
        foreach (var days in new[] { "NaN", "Infinity", "1,5" })
        {
            var refused = await _http.PostAsync($"/dev/clock/advance?days={days}", null);
            Assert.Equal((HttpStatusCode.BadRequest, "application/problem+json"), (refused.StatusCode, refused.Content.Headers.ContentType?.MediaType));
        }
        Assert.Equal(moved.GetProperty("offset").GetString(), (await _http.GetFromJsonAsync<JsonElement>("/dev/clock")).GetProperty("offset").GetString());
    }

    [Fact]
    public async Task Moving_the_clock_past_the_close_straight_after_start_publishes_every_closed_letter_before_it_answers()
    {
        // No trigger runner in this host: whatever is published comes from the advance call itself.
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/site/c/al-rou-1-2021/")).StatusCode);

        (await _http.PostAsync("/dev/clock/advance?days=62", null)).EnsureSuccessStatusCode();

        foreach (var slug in new[] { "al-usa-2-2021", "al-rou-1-2021", "al-gbr-1-2021", "al-oth-1-2021" })
        {
            var page = await _http.GetAsync($"/site/c/{slug}/");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
    }

    [Fact]
    public async Task Queued_publish_jobs_run_when_asked_and_not_before()
    {
        (await _http.PostAsync("/dev/clock/advance?days=62", null)).EnsureSuccessStatusCode();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("%PDF-1.4\nlate reply\nstartxref\n0\n%%EOF\n"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "files", "late-reply.pdf");
        using var upload = new HttpRequestMessage(HttpMethod.Post, "/api/me/communications/al-rou-1-2021/replies") { Content = form };
        upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync("romania"));
        Assert.Equal(HttpStatusCode.Created, (await _http.SendAsync(upload)).StatusCode);
        Assert.DoesNotContain("late-reply.pdf", await _http.GetStringAsync("/site/c/al-rou-1-2021/"));

        (await _http.PostAsync("/dev/queues/run", null)).EnsureSuccessStatusCode();

        Assert.Contains("late-reply.pdf", await _http.GetStringAsync("/site/c/al-rou-1-2021/"));
    }

    [Fact]
    public void Every_http_function_is_served_on_the_route_and_methods_its_attribute_declares()
    {
        var endpoints = _devHost.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/"))
            .Select(e => (Route: e.RoutePattern.RawText!.TrimStart('/'), Methods: string.Join(",", e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Order())))
            .OrderBy(e => e.Route).ThenBy(e => e.Methods)
            .ToList();

        var declared = FunctionsMetadata.HttpTriggers()
            .Select(f => (Route: "api/" + f.Route, Methods: string.Join(",", f.Methods.Select(m => m.ToUpperInvariant()).Order())))
            .OrderBy(e => e.Route).ThenBy(e => e.Methods)
            .ToList();

        Assert.NotEmpty(declared);
        Assert.Equal(declared, endpoints);
    }
}
