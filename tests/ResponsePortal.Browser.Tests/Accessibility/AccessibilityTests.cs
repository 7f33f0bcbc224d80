using ResponsePortal.Browser.Tests.Harness;

namespace ResponsePortal.Browser.Tests.Accessibility;

/// <summary>Journey 7: axe-core finds no serious or critical WCAG 2.2 A/AA violation on any portal page.</summary>
public sealed class AccessibilityTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Theory]
    [InlineData("usa", "/letters.html")]
    [InlineData("usa", "/letter.html?slug=al-usa-2-2021")]
    [InlineData("usa", "/receipt.html?slug=al-usa-2-2021&reply=none")]
    [InlineData("usa", "/notices.html")]
    [InlineData("romania", "/letter.html?slug=al-usa-2-2021")]
    [InlineData("secretariat", "/dashboard.html")]
    [InlineData("secretariat", "/register.html")]
    [InlineData("secretariat", "/addressees.html")]
    [InlineData("secretariat", "/addressees.html?id=USA")]
    [InlineData("secretariat", "/communication.html?slug=al-usa-2-2021")]
    [InlineData("secretariat", "/confidentiality.html")]
    [InlineData("secretariat", "/reminders.html")]
    public async Task Page_has_no_serious_accessibility_violations(string persona, string path)
    {
        var name = $"{nameof(Page_has_no_serious_accessibility_violations)}-{persona}-{path.TrimStart('/').Replace(".html", "").Replace('?', '-').Replace('&', '-').Replace('=', '-')}";
        await using var tab = await portal.OpenAsync(name);
        await tab.SignInAsync(persona);

        await tab.GotoAsync(path);
        await tab.ScreenshotAsync("page");

        await tab.AssertAccessibleAsync();
    }

    [Fact]
    public async Task Sign_in_page_has_no_serious_accessibility_violations()
    {
        await using var tab = await portal.OpenAsync(nameof(Sign_in_page_has_no_serious_accessibility_violations));

        await tab.GotoAsync("/");
        await tab.ScreenshotAsync("sign-in");

        await tab.AssertAccessibleAsync();
    }

    [Fact]
    public async Task Reply_form_with_the_confidentiality_request_open_has_no_serious_accessibility_violations()
    {
        await using var tab = await portal.OpenAsync(nameof(Reply_form_with_the_confidentiality_request_open_has_no_serious_accessibility_violations));
        await tab.SignInAsync("usa");
        await tab.GotoAsync("/letter.html?slug=al-usa-2-2021");

        await tab.Page.CheckAsync("#wants-confidentiality");
        await tab.Page.ClickAsync("#reply-form button[type=submit]");

        await Microsoft.Playwright.Assertions.Expect(tab.Page.Locator("#reply-result")).ToContainTextAsync("Choose at least one file");
        await tab.ScreenshotAsync("form-error");
        await tab.AssertAccessibleAsync();
    }

    [Fact]
    public async Task Axe_check_fails_on_a_page_with_an_unlabelled_field()
    {
        await using var tab = await portal.OpenAsync(nameof(Axe_check_fails_on_a_page_with_an_unlabelled_field));
        await tab.GotoAsync("/");

        // Proves the check can fail: break the page on purpose, then expect axe to say so.
        await tab.Page.EvaluateAsync("() => document.querySelector('main').append(Object.assign(document.createElement('input'), { type: 'text' }))");

        var violations = await tab.SeriousAccessibilityViolationsAsync();
        Assert.Contains(violations, v => v.Contains("label", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_keyboard_user_can_skip_to_the_content_and_reach_a_letter()
    {
        await using var tab = await portal.OpenAsync(nameof(A_keyboard_user_can_skip_to_the_content_and_reach_a_letter));
        await tab.SignInAsync("usa");

        await tab.Page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to main content", await tab.Page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        await tab.Page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await tab.Page.EvaluateAsync<string>("() => document.activeElement.id"));
        await tab.Page.Keyboard.PressAsync("Tab");
        Assert.Equal("AL USA 2/2021", await tab.Page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        var outline = await tab.Page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle");
        await tab.ScreenshotAsync("focus");
        await tab.Page.Keyboard.PressAsync("Enter");
        await tab.Page.WaitForURLAsync(url => url.Contains("letter.html?slug=al-usa-2-2021", StringComparison.Ordinal));

        Assert.Equal("solid", outline);
    }
}
