using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using ResponsePortal.DevHost.Local;
using ResponsePortal.DevHost.Publication;

namespace ResponsePortal.Integration.Tests.Publication;

/// <summary>The verifier's reader against a real HTTP server on 127.0.0.1 that misbehaves as busy servers do.</summary>
public sealed class HttpSiteReaderTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private Uri _root = null!;
    private int _served;

    /// <summary>What the server does with the n-th request (counting from 1).</summary>
    private Func<int, HttpContext, Task> _answer = (_, context) => context.Response.WriteAsync("ok");

    public async Task InitializeAsync()
    {
        var port = ChildProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        _app = builder.Build();
        _app.Run(context => _answer(Interlocked.Increment(ref _served), context));
        await _app.StartAsync();
        _root = new Uri($"http://127.0.0.1:{port}/");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private HttpSiteReader Reader(HttpClient http) => new(http, _root, attempts: 4, firstDelay: TimeSpan.FromMilliseconds(10));

    [Fact]
    public async Task A_dropped_connection_a_503_and_a_429_are_retried_until_the_file_arrives()
    {
        _answer = async (n, context) =>
        {
            switch (n)
            {
                case 1:
                    context.Abort();
                    break;
                case 2:
                    context.Response.StatusCode = 503;
                    break;
                case 3:
                    context.Response.StatusCode = 429;
                    break;
                default:
                    await context.Response.WriteAsync("the page");
                    break;
            }
        };
        using var http = new HttpClient();
        var reader = Reader(http);

        var bytes = await reader.ReadAsync("c/page.html", default);

        Assert.Equal("the page", Encoding.UTF8.GetString(bytes!));
        Assert.Equal(4, reader.Requests);
    }

    [Fact]
    public async Task A_missing_file_is_absent_and_a_refused_one_is_not_asked_for_again()
    {
        _answer = (n, context) =>
        {
            context.Response.StatusCode = context.Request.Path == "/missing.html" ? 404 : 403;
            return Task.CompletedTask;
        };
        using var http = new HttpClient();
        var reader = Reader(http);

        Assert.Null(await reader.ReadAsync("missing.html", default));
        var refused = await Assert.ThrowsAsync<SiteUnreachableException>(() => reader.ReadAsync("private.html", default));

        Assert.Contains("the server answered 403", refused.Message);
        Assert.Equal(2, reader.Requests);
    }

    [Fact]
    public async Task A_site_that_keeps_failing_is_not_verified_and_the_reader_gets_a_sentence_not_a_stack_trace()
    {
        _answer = (_, context) =>
        {
            context.Abort();
            return Task.CompletedTask;
        };
        var output = new StringWriter();

        var code = await SiteCommands.VerifyOverHttpAsync(["verify", "--url", _root.ToString()], output);

        Assert.Equal(2, code);
        Assert.Contains($"NOT VERIFIED: Could not fetch {_root}log/head.json (4 attempts)", output.ToString());
        Assert.DoesNotContain("   at ", output.ToString());
        Assert.DoesNotContain("intact", output.ToString());
    }
}
