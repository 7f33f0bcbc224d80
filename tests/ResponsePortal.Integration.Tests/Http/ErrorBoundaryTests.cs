using System.Net.Sockets;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using ResponsePortal.Azure;
using ResponsePortal.DevHost.Local;
using ResponsePortal.Functions.Http;

namespace ResponsePortal.Integration.Tests.Http;

public sealed class ErrorBoundaryTests
{
    private readonly FakeLogger<ErrorBoundary> _log = new();

    private ErrorBoundary Boundary => new(_log);

    private static DefaultHttpContext Request(string path = "/api/communications")
    {
        var http = new DefaultHttpContext();
        http.Request.Path = path;
        http.Response.Body = new MemoryStream();
        return http;
    }

    private static string Body(HttpContext http)
    {
        http.Response.Body.Position = 0;
        return new StreamReader(http.Response.Body).ReadToEnd();
    }

    /// <summary>The real thing: a table client with the portal's settings, on a port where nothing listens.</summary>
    private static async Task<Exception> RefusedStorageAsync()
    {
        var failFast = ServiceCollectionExtensions.FailFast(new ConfigurationBuilder().Build());
        var port = ChildProcess.FreePort();
        var client = new TableServiceClient(
            $"DefaultEndpointsProtocol=http;AccountName={LocalAzurite.AccountName};AccountKey={LocalAzurite.AccountKey};TableEndpoint=http://127.0.0.1:{port}/{LocalAzurite.AccountName};",
            failFast.Apply(new TableClientOptions(), failFast.NetworkTimeout));
        return await Assert.ThrowsAnyAsync<Exception>(() => client.GetTableClient("Communications").GetEntityIfExistsAsync<TableEntity>("p", "r"));
    }

    [Fact]
    public async Task Storage_that_refuses_connections_is_answered_503_problem_json_with_retry_after_and_no_exception_text()
    {
        var http = Request();

        Assert.True(await Boundary.TryAnswerAsync(http, await RefusedStorageAsync(), "ListCommunications"));

        Assert.Equal(503, http.Response.StatusCode);
        Assert.Equal("application/problem+json", http.Response.ContentType);
        Assert.Equal("10", http.Response.Headers.RetryAfter.ToString());
        var body = Body(http);
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain("127.0.0.1", body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(503, json.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("/api/communications", json.RootElement.GetProperty("instance").GetString());
        Assert.Equal(LogLevel.Warning, _log.LatestRecord.Level);
        Assert.NotNull(_log.LatestRecord.Exception);
    }

    [Fact]
    public async Task An_unexpected_failure_is_a_500_problem_with_a_correlation_id_that_the_log_carries_with_the_details()
    {
        var http = Request();

        await Boundary.TryAnswerAsync(http, new InvalidOperationException("secret internal detail"), "ListCommunications");

        Assert.Equal(500, http.Response.StatusCode);
        Assert.Equal("application/problem+json", http.Response.ContentType);
        Assert.False(http.Response.Headers.ContainsKey("Retry-After"));
        var body = Body(http);
        Assert.DoesNotContain("secret internal detail", body);
        Assert.DoesNotContain("InvalidOperationException", body);
        using var json = JsonDocument.Parse(body);
        var correlationId = json.RootElement.GetProperty("correlationId").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", correlationId);
        Assert.Contains(correlationId, json.RootElement.GetProperty("detail").GetString());
        Assert.Equal(LogLevel.Error, _log.LatestRecord.Level);
        Assert.Contains(correlationId, _log.LatestRecord.Message);
        Assert.Equal("secret internal detail", _log.LatestRecord.Exception!.Message);
    }

    [Fact]
    public async Task A_client_that_went_away_gets_no_answer_and_no_error_in_the_log()
    {
        var http = Request();
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();
        http.RequestAborted = aborted.Token;

        Assert.False(await Boundary.TryAnswerAsync(http, new OperationCanceledException(aborted.Token), "UploadReply"));

        Assert.Equal(0, http.Response.Body.Length);
        Assert.Equal(LogLevel.Information, _log.LatestRecord.Level);
    }

    public static TheoryData<Exception> Unavailable() => new()
    {
        new RequestFailedException(503, "Server busy"),
        new RequestFailedException(500, "Internal error from the service"),
        new RequestFailedException(0, "Connection refused", new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused))),
        new AggregateException("Retry failed after 2 tries.", new RequestFailedException(0, "Connection refused"), new RequestFailedException(503, "busy")),
        new HttpRequestException("No such host", new SocketException((int)SocketError.HostNotFound)),
        new TaskCanceledException("The operation was cancelled because it exceeded the configured timeout", new TimeoutException()),
        new ServiceBusException(isTransient: true, "The link was closed"),
        new ServiceBusException("Busy", ServiceBusFailureReason.ServiceBusy),
        new InvalidOperationException("wrapped", new TimeoutException()),
        // Seen in CI: the SDK's network timeout fired while the silent connection was being torn down, so the read
        // under it ended with "response ended prematurely" instead of a cancelled socket.
        new AggregateException("Retry failed after 2 tries.", new TaskCanceledException(
            "The operation was cancelled because it exceeded the configured timeout of 0:00:02.",
            new TaskCanceledException("The operation was canceled.", new TaskCanceledException("The operation was canceled.",
                new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely."))))),
    };

    [Theory]
    [MemberData(nameof(Unavailable))]
    public void Transport_failures_timeouts_5xx_and_transient_service_bus_errors_mean_unavailable(Exception exception)
        => Assert.True(ErrorBoundary.IsUnavailable(exception));

    public static TheoryData<Exception> Faults() => new()
    {
        new RequestFailedException(404, "Not found"),
        new RequestFailedException(409, "Conflict"),
        new RequestFailedException(400, "Bad key"),
        new InvalidOperationException("bug"),
        new FormatException("bad digits"),
        new ServiceBusException("Lock lost", ServiceBusFailureReason.MessageLockLost),
        new AggregateException(new RequestFailedException(400, "Bad key")),
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void Refusals_by_the_service_and_bugs_are_not_outages(Exception exception)
        => Assert.False(ErrorBoundary.IsUnavailable(exception));

    [Fact]
    public void An_outage_in_a_background_function_is_a_warning_and_a_bug_an_error()
    {
        Boundary.LogBackgroundFailure(new RequestFailedException(503, "busy"), "PublishCommunication");
        Assert.Equal(LogLevel.Warning, _log.LatestRecord.Level);

        Boundary.LogBackgroundFailure(new InvalidOperationException("bug"), "PublishCommunication");
        Assert.Equal(LogLevel.Error, _log.LatestRecord.Level);
    }
}
