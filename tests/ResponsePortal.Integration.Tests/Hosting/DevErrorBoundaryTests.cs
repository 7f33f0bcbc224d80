using System.Net;
using System.Text.Json;
using Azure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ResponsePortal.DevHost.Hosting;
using ResponsePortal.DevHost.Local;
using ResponsePortal.Functions.Http;

namespace ResponsePortal.Integration.Tests.Hosting;

/// <summary>
/// The DevHost's pipeline in the Development environment (where ASP.NET Core would otherwise show its developer
/// exception page, with the stack trace, as the report saw), over real HTTP.
/// </summary>
public sealed class DevErrorBoundaryTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.WebHost.UseUrls($"http://127.0.0.1:{ChildProcess.FreePort()}");
        builder.Services.AddSingleton<ErrorBoundary>();
        _app = builder.Build();
        _app.UseErrorBoundary();
        _app.MapGet("/api/outage", () => { throw new RequestFailedException(0, "Connection refused (127.0.0.1:10002)"); });
        _app.MapGet("/api/bug", () => { throw new InvalidOperationException("secret internal detail"); });
        _app.MapGet("/api/half", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/octet-stream";
            await context.Response.Body.WriteAsync(new byte[1024]);
            await context.Response.Body.FlushAsync();
            throw new RequestFailedException(0, "Connection reset while streaming");
        });
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task An_outage_is_a_503_problem_with_retry_after_even_in_development()
    {
        using var response = await _http.GetAsync("/api/outage");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(10), response.Headers.RetryAfter?.Delta);
        Assert.DoesNotContain("10002", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_bug_is_a_500_problem_with_a_correlation_id_and_no_developer_exception_page()
    {
        using var response = await _http.GetAsync("/api/bug");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret internal detail", body);
        Assert.DoesNotContain("InvalidOperationException", body);
        using var json = JsonDocument.Parse(body);
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("correlationId").GetString()));
    }

    [Fact]
    public async Task A_failure_after_the_body_started_cuts_the_connection_instead_of_passing_off_a_truncated_body()
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync("/api/half", HttpCompletionOption.ResponseHeadersRead);
        }
        catch (HttpRequestException)
        {
            // On an idle machine the reset can overtake the headers: the client still never gets a body to trust.
            return;
        }
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await Assert.ThrowsAnyAsync<Exception>(() => response.Content.ReadAsByteArrayAsync());
        }
    }
}
