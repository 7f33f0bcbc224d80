using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using ResponsePortal.Functions.Http;

namespace ResponsePortal.Integration.Tests.Http;

public sealed class SecurityHeadersTests
{
    [Fact]
    public async Task A_json_answer_gets_nosniff_no_store_no_referrer_and_a_policy_that_allows_nothing()
    {
        var (http, response) = StartableResponse.NewContext();
        SecurityHeaders.ApplyWhenStarting(http);
        http.Response.ContentType = "application/json";

        await response.StartAsync();

        Assert.Equal("nosniff", http.Response.Headers.XContentTypeOptions);
        Assert.Equal("no-store", http.Response.Headers.CacheControl);
        Assert.Equal("no-referrer", http.Response.Headers["Referrer-Policy"]);
        Assert.Equal("DENY", http.Response.Headers.XFrameOptions);
        Assert.Equal("max-age=31536000; includeSubDomains", http.Response.Headers.StrictTransportSecurity);
        Assert.Equal("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'", http.Response.Headers.ContentSecurityPolicy);
    }

    [Fact]
    public async Task A_cache_control_a_handler_set_is_replaced_by_no_store()
    {
        var (http, response) = StartableResponse.NewContext();
        SecurityHeaders.ApplyWhenStarting(http);
        http.Response.Headers.CacheControl = "public, max-age=3600";

        await response.StartAsync();

        Assert.Equal("no-store", http.Response.Headers.CacheControl);
    }

    [Fact]
    public async Task Headers_survive_an_error_boundary_that_clears_the_response_before_it_answers()
    {
        var (http, response) = StartableResponse.NewContext();
        SecurityHeaders.ApplyWhenStarting(http);
        http.Response.Headers["X-Content-Type-Options"] = "changed";

        http.Response.Clear();
        http.Response.StatusCode = 500;
        http.Response.ContentType = "application/problem+json";
        await response.StartAsync();

        Assert.Equal("nosniff", http.Response.Headers.XContentTypeOptions);
        Assert.Equal(SecurityHeaders.ApiContentSecurityPolicy, http.Response.Headers.ContentSecurityPolicy);
    }

    [Fact]
    public void An_html_answer_may_use_the_receipt_pages_style_element_by_its_hash_and_nothing_else()
    {
        var http = new DefaultHttpContext();
        http.Response.ContentType = "text/html; charset=utf-8";

        SecurityHeaders.Apply(http.Response);

        // The receipt page itself is checked against this hash over HTTP in DevSecurityHeadersTests.
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(HtmlStyles.Receipt)));
        Assert.Equal($"default-src 'none'; style-src 'sha256-{hash}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'", http.Response.Headers.ContentSecurityPolicy);
    }
}
