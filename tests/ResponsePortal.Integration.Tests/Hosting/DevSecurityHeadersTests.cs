using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ResponsePortal.DevHost.Hosting;
using ResponsePortal.DevHost.Local;
using ResponsePortal.Functions.Http;
using ResponsePortal.Publication;

namespace ResponsePortal.Integration.Tests.Hosting;

/// <summary>
/// Every answer of the DevHost over real HTTP carries its part's security headers (docs/security-headers.md): each
/// route of docs/openapi.json signed in and not (so the 401s and the problem+json refusals too), the portal pages
/// from web/, and the public site it serves from $web.
/// </summary>
public sealed class DevSecurityHeadersTests : IAsyncLifetime
{
    private DevHostOnAzurite _devHost = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _devHost = await DevHostOnAzurite.StartAsync("devhost-headers-");
        _http = _devHost.Http;
    }

    public async Task DisposeAsync() => await _devHost.DisposeAsync();

    private Task<string> TokenAsync(string persona) => _devHost.TokenAsync(persona);

    private async Task<string> SendReplyAsync(string token)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("%PDF-1.4\nreply\nstartxref\n0\n%%EOF\n"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "files", "reply.pdf");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/me/communications/al-usa-2-2021/replies") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static void AssertApiHeaders(HttpResponseMessage response, string what)
    {
        var type = response.Content.Headers.ContentType?.MediaType;
        Assert.True(Header(response, "X-Content-Type-Options") == "nosniff", $"{what}: X-Content-Type-Options");
        Assert.True(Header(response, "Cache-Control") == "no-store", $"{what}: Cache-Control is {Header(response, "Cache-Control")}");
        Assert.True(Header(response, "Referrer-Policy") == "no-referrer", $"{what}: Referrer-Policy");
        Assert.True(Header(response, "Strict-Transport-Security") == "max-age=31536000; includeSubDomains", $"{what}: Strict-Transport-Security");
        var expected = type == "text/html" ? SecurityHeaders.HtmlContentSecurityPolicy : SecurityHeaders.ApiContentSecurityPolicy;
        Assert.True(Header(response, "Content-Security-Policy") == expected, $"{what} ({type}): Content-Security-Policy is {Header(response, "Content-Security-Policy")}");
    }

    /// <summary>A header's value, whether the response or its content carries it.</summary>
    private static string? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;

    [Fact]
    public async Task Every_api_route_answers_with_the_api_headers_signed_in_or_not_whatever_the_status()
    {
        var usa = await TokenAsync("usa");
        var secretariat = await TokenAsync("secretariat");
        var replyId = await SendReplyAsync(usa);
        var values = new Dictionary<string, string>
        {
            ["slug"] = "al-usa-2-2021", ["replyId"] = replyId, ["index"] = "0", ["id"] = "USA", ["email"] = "nobody@example.org",
            ["userId"] = "nobody", ["kind"] = "14", ["file"] = "no-such-feed.ics", ["version"] = "1",
        };
        using var openApi = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "docs", "openapi.json")));
        var statuses = new HashSet<int>();
        var types = new HashSet<string>();
        var routes = 0;
        foreach (var path in openApi.RootElement.GetProperty("paths").EnumerateObject())
        {
            var address = "/api" + Regex.Replace(path.Name, @"\{(\w+)\}", m => Uri.EscapeDataString(values[m.Groups[1].Value]));
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "delete" or "patch"))
            {
                routes++;
                var token = path.Name.StartsWith("/me", StringComparison.Ordinal) ? usa : secretariat;
                foreach (var bearer in new[] { token, null })
                {
                    // No body: a write is refused as a 4xx problem, which must carry the headers as much as a success.
                    using var request = new HttpRequestMessage(new HttpMethod(operation.Name.ToUpperInvariant()), address);
                    if (bearer is not null)
                    {
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
                    }
                    using var response = await _http.SendAsync(request);
                    var what = $"{request.Method} {address} {(bearer is null ? "anonymous" : "signed in")} → {(int)response.StatusCode}";
                    Assert.True((int)response.StatusCode < 500, what);
                    AssertApiHeaders(response, what);
                    statuses.Add((int)response.StatusCode);
                    types.Add(response.Content.Headers.ContentType?.MediaType ?? "");
                }
            }
        }

        Assert.True(routes > 30, $"only {routes} operations in docs/openapi.json");
        Assert.Contains(401, statuses);
        Assert.Contains(200, statuses);
        Assert.Contains("application/problem+json", types);
        Assert.Contains("application/json", types);
    }

    [Fact]
    public async Task The_receipt_page_is_allowed_its_own_style_element_and_nothing_else()
    {
        var usa = await TokenAsync("usa");
        var replyId = await SendReplyAsync(usa);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/me/communications/al-usa-2-2021/replies/{replyId}/receipt?format=html");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", usa);

        using var response = await _http.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        AssertApiHeaders(response, "receipt page");
        var styles = Regex.Matches(html, "<style>(.*?)</style>", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
        var style = Assert.Single(styles);
        var hash = "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style))) + "'";
        Assert.Contains($"style-src {hash};", Header(response, "Content-Security-Policy"));
        Assert.DoesNotMatch(@"<script|\sstyle=|\son\w+=", html);
    }

    [Fact]
    public async Task The_dev_helpers_and_the_api_description_carry_the_api_headers()
    {
        foreach (var path in new[] { "/dev/personas", "/dev/clock", "/dev/token/nobody", "/openapi.json" })
        {
            using var response = await _http.GetAsync(path);
            AssertApiHeaders(response, path);
        }
    }

    [Fact]
    public async Task Portal_pages_and_their_files_carry_the_headers_of_staticwebapp_config_json_with_this_hosts_origins()
    {
        using var config = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Web, "staticwebapp.config.json")));
        var declared = config.RootElement.GetProperty("globalHeaders").EnumerateObject().ToDictionary(h => h.Name, h => h.Value.GetString()!);
        var files = Directory.EnumerateFiles(RepoPaths.Web, "*.html").Select(f => "/" + Path.GetFileName(f))
            .Concat(["/", "/css/portal.css", "/js/api.js", "/js/pages/letter.js", "/i18n/fr.json"]).ToList();

        foreach (var file in files)
        {
            using var response = await _http.GetAsync(file);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{file}: {response.StatusCode}");
            foreach (var (name, value) in declared.Where(h => h.Key != "Content-Security-Policy"))
            {
                Assert.True(Header(response, name) == value, $"{file}: {name} is {Header(response, name)}");
            }
            var policy = Header(response, "Content-Security-Policy");
            Assert.True(policy is not null, $"{file}: no Content-Security-Policy");
            Assert.DoesNotContain("__", policy);
            Assert.Contains($"connect-src 'self' {_devHost.Host.BaseUrl.TrimEnd('/')} http://127.0.0.1:{_devHost.BlobPort};", policy);
            Assert.Contains("script-src 'self';", policy);
            Assert.Contains("frame-ancestors 'none'", policy);
            Assert.DoesNotContain("unsafe", policy);
        }
    }

    [Fact]
    public async Task Portal_pages_have_no_inline_script_style_or_event_handler_for_the_policy_to_block()
    {
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Web, "*.html"))
        {
            var html = await File.ReadAllTextAsync(file);
            Assert.DoesNotMatch(@"<script(?![^>]*\ssrc=)[^>]*>", html);
            Assert.DoesNotMatch(@"<style|\sstyle=|\son[a-z]+=|javascript:", html);
        }
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Web, "js"), "*.js", SearchOption.AllDirectories))
        {
            var script = await File.ReadAllTextAsync(file);
            // "style: 'percent'" is an Intl.NumberFormat option, not an inline style.
            Assert.DoesNotMatch(@"\bstyle:\s*'(?!percent'|currency'|decimal'|unit')|setAttribute\('style'|\beval\(|new Function\(|innerHTML", script);
        }
    }

    [Fact]
    public async Task Public_site_pages_carry_their_policy_in_a_meta_element_and_the_front_door_headers()
    {
        (await _http.PostAsync("/dev/clock/advance?days=62", null)).EnsureSuccessStatusCode();
        var siteHeaders = DevSecurityHeaders.SiteHeaders();
        var pages = new Dictionary<string, string>
        {
            ["/site/"] = SitePages.PagePolicy,
            ["/site/fr/"] = SitePages.PagePolicy,
            ["/site/c/al-usa-2-2021/"] = SitePages.PagePolicy,
            ["/site/communications/"] = SitePages.PagePolicy,
            ["/site/log/"] = SitePages.PagePolicy,
            ["/site/search.html"] = SitePages.ScriptPagePolicy,
            ["/site/es/verify.html"] = SitePages.ScriptPagePolicy,
            ["/site/no-such-page"] = SitePages.PagePolicy,
        };

        foreach (var (page, policy) in pages)
        {
            using var response = await _http.GetAsync(page);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains($"<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">", html);
            Assert.Contains("<meta name=\"referrer\" content=\"no-referrer\">", html);
            foreach (var (name, value) in siteHeaders)
            {
                Assert.True(Header(response, name) == value, $"{page}: {name} is {Header(response, name)}");
            }
        }
        Assert.DoesNotContain("script-src", SitePages.PagePolicy);
    }
}
