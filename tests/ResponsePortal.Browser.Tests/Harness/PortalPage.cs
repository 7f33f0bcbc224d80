using System.Text.Json;
using Microsoft.Playwright;

namespace ResponsePortal.Browser.Tests.Harness;

/// <summary>One browser tab on the portal, with the steps every journey uses: sign in, open a page, check, screenshot.</summary>
public sealed class PortalPage(IPage page, string testName, PolicyViolations violations) : IAsyncDisposable
{
    private int _step;

    public IPage Page { get; } = page;

    /// <summary>What the tab's pages reported against their security policies; checked when the tab is disposed.</summary>
    public PolicyViolations PolicyViolations { get; } = violations;

    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>Opens a portal page and waits until its script has rendered it (body[data-ready]).</summary>
    public async Task GotoAsync(string path)
    {
        await Page.GotoAsync(path);
        await ReadyAsync();
    }

    public Task ReadyAsync() => Page.Locator("body[data-ready]").WaitForAsync();

    /// <summary>Signs in through the persona picker, as a person would, and lands on the persona's home page.</summary>
    public async Task SignInAsync(string persona)
    {
        await GotoAsync("/");
        await Page.ClickAsync($"button[data-persona='{persona}']");
        await Page.WaitForURLAsync(url => url.EndsWith("letters.html", StringComparison.Ordinal) || url.EndsWith("dashboard.html", StringComparison.Ordinal));
        await ReadyAsync();
    }

    public async Task ScreenshotAsync(string step)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var name = $"{testName}-{++_step:00}-{step}.png";
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name), FullPage = true });
    }

    /// <summary>Runs axe-core in the page and returns the serious and critical WCAG 2.x A/AA violations, one line each.</summary>
    public async Task<IReadOnlyList<string>> SeriousAccessibilityViolationsAsync()
    {
        // Run through DevTools, not as a script element: the pages' policy rightly refuses an inline script.
        await Page.EvaluateAsync("() => {\n" + await File.ReadAllTextAsync(Prerequisites.AxeScript) + "\n}");
        var violations = await Page.EvaluateAsync<JsonElement>("""
            async () => {
              const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
              return result.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5) }));
            }
            """);
        return violations.EnumerateArray()
            .Where(v => v.GetProperty("impact").GetString() is "serious" or "critical")
            .Select(v => $"{v.GetProperty("impact").GetString()}: {v.GetProperty("id").GetString()} — {v.GetProperty("help").GetString()} at {string.Join(", ", v.GetProperty("targets").EnumerateArray().Select(t => t.GetString()))}")
            .ToList();
    }

    public async Task AssertAccessibleAsync()
    {
        var violations = await SeriousAccessibilityViolationsAsync();
        Assert.True(violations.Count == 0, $"axe-core found serious or critical violations on {Page.Url}:\n" + string.Join("\n", violations));
    }

    /// <summary>Closes the tab's context, then fails the test if any page in it reported a security policy violation.</summary>
    public async ValueTask DisposeAsync()
    {
        await Page.Context.CloseAsync();
        PolicyViolations.AssertNone();
    }
}
