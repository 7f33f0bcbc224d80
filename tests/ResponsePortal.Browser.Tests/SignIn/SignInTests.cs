using System.Text.Json;
using Microsoft.Playwright;
using ResponsePortal.Browser.Tests.Harness;
using ResponsePortal.DevHost.Local;

namespace ResponsePortal.Browser.Tests.SignIn;

/// <summary>The two sign-in strategies: demo personas on the DevHost, MSAL against Entra ID when config.json says so.</summary>
public sealed class SignInTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string Tenant = "11111111-2222-3333-4444-555555555555";
    private const string ClientId = "66666666-7777-8888-9999-000000000000";
    private const string Login = "https://login.microsoftonline.com";

    /// <summary>Serves web/config.json and the MSAL bundle as the deploy would, and answers Entra's metadata without a network.</summary>
    private static async Task AsDeployedToAzureAsync(IPage page, List<string> authorizeRequests)
    {
        await page.RouteAsync("**/config.json", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "application/json",
            Body = JsonSerializer.Serialize(new { tenantId = Tenant, clientId = ClientId, apiScope = "api://responseportal-api/access_as_user", apiBaseUrl = "https://func.example.net" }),
        }));
        await page.RouteAsync("**/vendor/msal-browser.min.js", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/javascript",
            Path = Path.Combine(RepoPaths.Root, "node_modules", "@azure", "msal-browser", "lib", "msal-browser.min.js"),
        }));
        await page.RouteAsync($"{Login}/**", route =>
        {
            var url = route.Request.Url;
            if (url.Contains("/oauth2/v2.0/authorize", StringComparison.Ordinal))
            {
                authorizeRequests.Add(url);
                return route.FulfillAsync(new RouteFulfillOptions { ContentType = "text/html", Body = "<!doctype html><html lang=en><title>Entra</title><h1>Entra sign-in</h1></html>" });
            }
            if (url.Contains("openid-configuration", StringComparison.Ordinal))
            {
                return route.FulfillAsync(new RouteFulfillOptions
                {
                    ContentType = "application/json",
                    Body = JsonSerializer.Serialize(new Dictionary<string, object>
                    {
                        ["token_endpoint"] = $"{Login}/{Tenant}/oauth2/v2.0/token",
                        ["authorization_endpoint"] = $"{Login}/{Tenant}/oauth2/v2.0/authorize",
                        ["end_session_endpoint"] = $"{Login}/{Tenant}/oauth2/v2.0/logout",
                        ["issuer"] = $"{Login}/{Tenant}/v2.0",
                        ["jwks_uri"] = $"{Login}/{Tenant}/discovery/v2.0/keys",
                    }),
                });
            }
            return route.FulfillAsync(new RouteFulfillOptions
            {
                ContentType = "application/json",
                Body = JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["tenant_discovery_endpoint"] = $"{Login}/{Tenant}/v2.0/.well-known/openid-configuration",
                    ["api-version"] = "1.1",
                    ["metadata"] = new[] { new { preferred_network = "login.microsoftonline.com", preferred_cache = "login.windows.net", aliases = new[] { "login.microsoftonline.com", "login.windows.net" } } },
                }),
            });
        });
    }

    [Fact]
    public async Task Locally_the_sign_in_page_offers_every_demo_persona()
    {
        await using var tab = await portal.OpenAsync(nameof(Locally_the_sign_in_page_offers_every_demo_persona));

        await tab.GotoAsync("/");

        var personas = await tab.Page.Locator("button[data-persona]").EvaluateAllAsync<string[]>("b => b.map(x => x.dataset.persona)");
        Assert.Equal(["secretariat", "usa", "romania", "uk", "facebook"], personas);
    }

    [Fact]
    public async Task Signing_out_forgets_the_demo_token_and_protected_pages_send_you_to_sign_in()
    {
        await using var tab = await portal.OpenAsync(nameof(Signing_out_forgets_the_demo_token_and_protected_pages_send_you_to_sign_in));
        await tab.SignInAsync("usa");

        await tab.Page.ClickAsync("header button:text('Sign out')");
        await tab.ReadyAsync();
        await tab.Page.GotoAsync("/letters.html");
        await tab.Page.WaitForURLAsync(url => url.Contains("?return=letters.html", StringComparison.Ordinal));
        await tab.ReadyAsync();

        Assert.Null(await tab.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('rp.devToken')"));
        await Assertions.Expect(tab.Page.Locator("button[data-persona='usa']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task In_azure_the_sign_in_page_uses_msal_and_sends_the_person_to_entra_with_the_api_scope()
    {
        await using var tab = await portal.OpenAsync(nameof(In_azure_the_sign_in_page_uses_msal_and_sends_the_person_to_entra_with_the_api_scope));
        var authorize = new List<string>();
        await AsDeployedToAzureAsync(tab.Page, authorize);

        var console = new List<string>();
        tab.Page.Console += (_, message) => console.Add(message.Text);
        await tab.GotoAsync("/");
        await tab.ScreenshotAsync("entra-sign-in");
        Assert.True(await tab.Page.Locator("#content button").CountAsync() == 1, "No Entra sign-in button. Console: " + string.Join("\n", console) + "\nMain: " + await tab.Page.InnerHTMLAsync("main"));
        Assert.Equal(0, await tab.Page.Locator("button[data-persona]").CountAsync());
        Assert.True(await tab.Page.EvaluateAsync<bool>("() => typeof window.msal?.createStandardPublicClientApplication === 'function'"));
        await tab.AssertAccessibleAsync();
        await tab.Page.ClickAsync("#content button");
        await tab.Page.WaitForURLAsync(url => url.StartsWith(Login, StringComparison.Ordinal));

        var url = Assert.Single(authorize);
        Assert.StartsWith($"{Login}/{Tenant}/oauth2/v2.0/authorize", url);
        Assert.Contains($"client_id={ClientId}", url);
        Assert.Contains("api%3A%2F%2Fresponseportal-api%2Faccess_as_user", url);
        Assert.Contains("code_challenge_method=S256", url);
    }
}
