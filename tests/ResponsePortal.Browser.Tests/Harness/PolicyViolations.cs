using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ResponsePortal.Browser.Tests.Harness;

/// <summary>
/// Every Content-Security-Policy (and Permissions-Policy) complaint of the pages in one browser context: what the
/// console reports (a blocked script, style, connection or frame; a directive the browser ignores) and each
/// securitypolicyviolation event. Every journey runs under the portal's real policy (docs/security-headers.md), and a
/// tab that saw any of these fails its test when it is disposed.
/// </summary>
public sealed partial class PolicyViolations
{
    private readonly ConcurrentQueue<string> _seen = new();

    public static async Task<PolicyViolations> WatchAsync(IBrowserContext context)
    {
        var violations = new PolicyViolations();
        // An init script runs before the page's own and is not itself subject to the page's policy.
        await context.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', e =>
              console.error(`Content Security Policy violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} in ${e.sourceFile || e.documentURI}:${e.lineNumber}`));
            """);
        context.Console += (_, message) =>
        {
            if (PolicyComplaint().IsMatch(message.Text))
            {
                violations._seen.Enqueue($"{message.Type} on {message.Location}: {message.Text}");
            }
        };
        return violations;
    }

    private volatile bool _expected;

    /// <summary>What was reported so far.</summary>
    public IReadOnlyList<string> Seen => _seen.ToList();

    /// <summary>
    /// For a test that provokes violations on purpose and has checked them: the browser may report one violation
    /// several times and late (a console message per policy, an event), so from here on nothing fails the tab.
    /// </summary>
    public void Expected() => _expected = true;

    public void AssertNone()
        => Assert.True(_expected || _seen.IsEmpty, "The pages reported security policy violations:\n" + string.Join("\n", _seen));

    [GeneratedRegex("Content[ -]Security[ -]Policy|Permissions[ -]Policy", RegexOptions.IgnoreCase)]
    private static partial Regex PolicyComplaint();
}
