using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ResponsePortal.Functions.Http;

/// <summary>
/// The API's security headers (docs/security-headers.md, ADR 0501), in one place for both hosts: the Functions app
/// applies them from its worker middleware, the DevHost from its request pipeline. They are set when the response
/// starts, so every answer carries them whoever wrote it: a function's result, a problem+json refusal, a 401 from the
/// bearer check, or the error boundary's 500/503 (which clears the headers it finds and then starts the response).
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Nothing the API answers is a page that loads anything or may be framed. OWASP's REST policy; the receipt page,
    /// the one HTML answer, gets <see cref="HtmlContentSecurityPolicy"/> instead.
    /// </summary>
    public const string ApiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>
    /// For HTML answers: no script, no image, no form, no frame; styles only from the page's own style element,
    /// allowed by its hash (the API has no stylesheet to serve, and 'unsafe-inline' would admit injected style too).
    /// </summary>
    public static readonly string HtmlContentSecurityPolicy =
        $"default-src 'none'; style-src '{StyleHash(HtmlStyles.Receipt)}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>The header values every API answer carries, whatever its status or type.</summary>
    public static IReadOnlyDictionary<string, string> Always { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [HeaderNames.XContentTypeOptions] = "nosniff",
        // Letters, replies, receipts, notices, monitoring and token-bearing calendar feeds are private to the caller,
        // and a public answer (health, the receipt key) gains nothing from a cache: no copy is kept anywhere.
        [HeaderNames.CacheControl] = "no-store",
        ["Referrer-Policy"] = "no-referrer",
        // The function app answers HTTPS only; a browser that has seen this never tries plain HTTP first.
        [HeaderNames.StrictTransportSecurity] = "max-age=31536000; includeSubDomains",
        [HeaderNames.XFrameOptions] = "DENY",
        ["X-Permitted-Cross-Domain-Policies"] = "none",
        // No other origin may embed an answer without CORS (an <img> or <script> pointing at a letter): the portal
        // reads the API with CORS fetches, which this does not touch.
        ["Cross-Origin-Resource-Policy"] = "same-origin",
    };

    /// <summary>Arranges for the API's headers to be set on <paramref name="http"/>'s response when it starts.</summary>
    public static void ApplyWhenStarting(HttpContext http)
        => http.Response.OnStarting(static state =>
        {
            Apply(((HttpContext)state).Response);
            return Task.CompletedTask;
        }, http);

    /// <summary>Sets the API's headers on a response, overriding what a handler set for the same names.</summary>
    public static void Apply(HttpResponse response)
    {
        foreach (var (name, value) in Always)
        {
            response.Headers[name] = value;
        }
        response.Headers.ContentSecurityPolicy = IsHtml(response.ContentType) ? HtmlContentSecurityPolicy : ApiContentSecurityPolicy;
    }

    private static bool IsHtml(string? contentType)
        => contentType is not null && contentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary>A CSP hash source for the text of a style element: 'sha256-…' without the quotes.</summary>
    public static string StyleHash(string css) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(css)));
}

/// <summary>The style sheets of the API's HTML answers, whose hashes the Content-Security-Policy allows.</summary>
public static class HtmlStyles
{
    public const string Receipt = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
        + "table{border-collapse:collapse}td,th{border:1px solid #888;padding:.3rem .5rem;text-align:left;vertical-align:top}"
        + "code{word-break:break-all}";
}
