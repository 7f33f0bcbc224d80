using ResponsePortal.DevHost.Local;

namespace ResponsePortal.Browser.Tests.Harness;

/// <summary>What the browser tests need on the machine; a missing piece fails loudly with how to install it.</summary>
public static class Prerequisites
{
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>Debian's chromium, driven headless. Playwright never downloads a browser of its own here.</summary>
    public static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    public static string AxeScript => Path.Combine(RepoPaths.Root, "node_modules", "axe-core", "axe.min.js");

    public static void Check()
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"The browser tests drive Debian's chromium at {Chromium}, which is missing. Install it with: apt-get update && apt-get install -y chromium");
        }
        if (!File.Exists(AxeScript))
        {
            throw new InvalidOperationException($"axe-core is missing at {AxeScript}. Run 'npm ci' at the repository root ({RepoPaths.Root}).");
        }
    }
}
