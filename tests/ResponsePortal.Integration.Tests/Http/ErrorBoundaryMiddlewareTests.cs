using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Moq;
using ResponsePortal.Functions.Http;

namespace ResponsePortal.Integration.Tests.Http;

public sealed class ErrorBoundaryMiddlewareTests
{
    private readonly FakeLogger<ErrorBoundary> _log = new();

    /// <summary>A function invocation as the worker hands it to middleware; an HTTP one carries the ASP.NET Core context in Items.</summary>
    private static FunctionContext Invocation(string name, HttpContext? http)
    {
        var items = new Dictionary<object, object>();
        if (http is not null)
        {
            // The key the ASP.NET Core integration stores the HttpContext under (what GetHttpContext() reads).
            var constants = typeof(FunctionContextExtensions).Assembly.GetTypes().Single(t => t.Name == "Constants" && t.GetField("HttpContextKey", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public) is not null);
            var key = (string)constants.GetField("HttpContextKey", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public)!.GetValue(null)!;
            items[key] = http;
        }
        var definition = new Mock<FunctionDefinition>();
        definition.Setup(d => d.Name).Returns(name);
        var context = new Mock<FunctionContext>();
        context.Setup(c => c.Items).Returns(items);
        context.Setup(c => c.FunctionDefinition).Returns(definition.Object);
        context.Setup(c => c.CancellationToken).Returns(CancellationToken.None);
        return context.Object;
    }

    [Fact]
    public async Task An_http_function_that_cannot_reach_storage_is_answered_503_by_the_middleware()
    {
        var http = new DefaultHttpContext();
        http.Response.Body = new MemoryStream();
        var middleware = new ErrorBoundaryMiddleware(new ErrorBoundary(_log));

        await middleware.Invoke(Invocation("ListCommunications", http), _ => throw new RequestFailedException(0, "Connection refused"));

        Assert.Equal(503, http.Response.StatusCode);
        Assert.Equal("application/problem+json", http.Response.ContentType);
        Assert.True(http.Response.Headers.ContainsKey("Retry-After"));
    }

    [Fact]
    public async Task A_queue_function_that_fails_is_logged_and_its_exception_goes_back_to_the_host_for_a_retry()
    {
        var middleware = new ErrorBoundaryMiddleware(new ErrorBoundary(_log));
        var failure = new RequestFailedException(503, "busy");

        var thrown = await Assert.ThrowsAsync<RequestFailedException>(() => middleware.Invoke(Invocation("PublishCommunication", null), _ => throw failure));

        Assert.Same(failure, thrown);
        Assert.Equal(LogLevel.Warning, _log.LatestRecord.Level);
        Assert.Contains("PublishCommunication", _log.LatestRecord.Message);
    }

    [Fact]
    public async Task A_function_that_succeeds_passes_through_untouched()
    {
        var http = new DefaultHttpContext();
        var middleware = new ErrorBoundaryMiddleware(new ErrorBoundary(_log));
        var ran = false;

        await middleware.Invoke(Invocation("Health", http), _ => { ran = true; return Task.CompletedTask; });

        Assert.True(ran);
        Assert.Equal(200, http.Response.StatusCode);
        Assert.Empty(_log.Collector.GetSnapshot());
    }
}
