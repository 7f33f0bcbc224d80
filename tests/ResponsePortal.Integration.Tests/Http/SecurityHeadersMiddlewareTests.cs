using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Moq;
using ResponsePortal.Functions.Http;

namespace ResponsePortal.Integration.Tests.Http;

public sealed class SecurityHeadersMiddlewareTests
{
    private static FunctionContext Invocation(HttpContext? http)
    {
        var items = new Dictionary<object, object>();
        if (http is not null)
        {
            // The key the ASP.NET Core integration stores the HttpContext under (what GetHttpContext() reads).
            var constants = typeof(FunctionContextExtensions).Assembly.GetTypes().Single(t => t.Name == "Constants" && t.GetField("HttpContextKey", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public) is not null);
            items[(string)constants.GetField("HttpContextKey", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public)!.GetValue(null)!] = http;
        }
        var context = new Mock<FunctionContext>();
        context.Setup(c => c.Items).Returns(items);
        return context.Object;
    }

    [Fact]
    public async Task An_http_functions_answer_carries_the_headers_once_it_starts()
    {
        var (http, response) = StartableResponse.NewContext();
        var ran = false;

        await new SecurityHeadersMiddleware().Invoke(Invocation(http), _ =>
        {
            ran = true;
            http.Response.StatusCode = 401;
            http.Response.ContentType = "application/problem+json";
            return Task.CompletedTask;
        });
        await response.StartAsync();

        Assert.True(ran);
        Assert.Equal("nosniff", http.Response.Headers.XContentTypeOptions);
        Assert.Equal("no-store", http.Response.Headers.CacheControl);
        Assert.Equal(SecurityHeaders.ApiContentSecurityPolicy, http.Response.Headers.ContentSecurityPolicy);
    }

    [Fact]
    public async Task A_function_without_http_runs_as_before()
    {
        var ran = false;

        await new SecurityHeadersMiddleware().Invoke(Invocation(null), _ => { ran = true; return Task.CompletedTask; });

        Assert.True(ran);
    }
}
