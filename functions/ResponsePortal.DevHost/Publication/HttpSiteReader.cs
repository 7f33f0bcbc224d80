using System.Net;
using Polly;
using Polly.Retry;
using ResponsePortal.Publication;

namespace ResponsePortal.DevHost.Publication;

/// <summary>A file of the site could not be fetched, even after retries: the check cannot say intact or not.</summary>
public sealed class SiteUnreachableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The public site over HTTP: what anyone can fetch. Read-only; a web server cannot be listed. Safe to use from
/// several reads at once. A dropped connection, a body cut short, a timeout or a 5xx/429 answer is retried with
/// back-off, because a verifier that gives up on the first reset would report a busy server as a broken site.
/// </summary>
public sealed class HttpSiteReader : ISiteOutput
{
    private readonly HttpClient _http;
    private readonly Uri _root;
    private readonly int _attempts;
    private readonly ResiliencePipeline _retry;
    private int _requests;

    public HttpSiteReader(HttpClient http, Uri root, int attempts = 4, TimeSpan? firstDelay = null)
    {
        _http = http;
        _root = root;
        _attempts = Math.Max(1, attempts);
        _retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is HttpRequestException or IOException or TimeoutException or TransientAnswer
                    // HttpClient's own timeout surfaces as a cancellation that nobody asked for.
                    || (args.Outcome.Exception is TaskCanceledException && !args.Context.CancellationToken.IsCancellationRequested)),
                MaxRetryAttempts = _attempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = firstDelay ?? TimeSpan.FromMilliseconds(200),
            })
            .Build();
    }

    /// <summary>How many requests were sent, retries included.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public Task WriteAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
        => throw new NotSupportedException("The site is read over HTTP.");

    public async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var address = new Uri(_root, path);
        try
        {
            return await _retry.ExecuteAsync(async token =>
            {
                Interlocked.Increment(ref _requests);
                using var response = await _http.GetAsync(address, HttpCompletionOption.ResponseHeadersRead, token);
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }
                if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
                {
                    throw new TransientAnswer(response.StatusCode, response.ReasonPhrase);
                }
                if (!response.IsSuccessStatusCode)
                {
                    throw new SiteUnreachableException($"Could not fetch {address}: the server answered {(int)response.StatusCode} {response.ReasonPhrase}.");
                }
                return await response.Content.ReadAsByteArrayAsync(token);
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TimeoutException or TransientAnswer
                                   || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new SiteUnreachableException($"Could not fetch {address} ({_attempts} attempts): {ex.Message}", ex);
        }
    }

    public Task DeleteAsync(string path, CancellationToken cancellationToken)
        => throw new NotSupportedException("The site is read over HTTP.");

    public IAsyncEnumerable<string> ListAsync(CancellationToken cancellationToken)
        => throw new NotSupportedException("A web server cannot be listed; verify over HTTP with ListSite off.");

    private sealed class TransientAnswer(HttpStatusCode status, string? reason) : Exception($"the server answered {(int)status} {reason}");
}
