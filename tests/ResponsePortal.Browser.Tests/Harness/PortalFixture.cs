using System.Net.Http.Headers;
using Microsoft.Playwright;
using ResponsePortal.DevHost.Auth;
using ResponsePortal.DevHost.Hosting;
using ResponsePortal.DevHost.Local;

namespace ResponsePortal.Browser.Tests.Harness;

/// <summary>
/// A whole local portal for one test class: a private in-memory Azurite, the DevHost on a free port with the demo
/// case and its movable clock, and one headless Debian chromium. Every test gets a fresh browser context.
/// </summary>
public class PortalFixture : IAsyncLifetime
{
    private readonly bool _withMail;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "rp-browser-" + Guid.NewGuid().ToString("N")[..12]);
    private LocalAzurite? _azurite;
    private IPlaywright? _playwright;

    public PortalFixture() : this(withMail: false)
    {
    }

    /// <param name="withMail">Start a private smtp4dev and deliver reminder mail to it (<see cref="Mail"/>).</param>
    protected PortalFixture(bool withMail) => _withMail = withMail;

    /// <summary>The private smtp4dev when the fixture was made with mail; null otherwise.</summary>
    public LocalSmtp4dev? Mail { get; private set; }

    public DevHostApp Host { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl => Host.BaseUrl;
    /// <summary>The private Azurite, for tests that change the public site's files as an attacker would.</summary>
    public string StorageConnectionString => _azurite!.ConnectionString;

    public async Task InitializeAsync()
    {
        Prerequisites.Check();
        // Playwright's .NET driver (bundled node) starts from the package; it must never fetch browsers.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _azurite = await LocalAzurite.StartInMemoryAsync();
        Mail = _withMail ? await LocalSmtp4dev.StartOnFreePortsAsync() : null;
        Host = await DevHostApp.StartAsync(new DevHostSettings
        {
            DataDirectory = _dataDirectory,
            Port = ChildProcess.FreePort(),
            StorageConnectionString = _azurite.ConnectionString,
            LoadDemoCase = true,
            // Without mail, reminders go to a port nobody listens on, so deliveries fail, are retried and
            // dead-letter after two attempts (the reminder log journey), and no test touches a shared smtp4dev.
            StartSmtp4dev = false,
            SmtpPort = Mail?.SmtpPort ?? ChildProcess.FreePort(),
            Settings = new Dictionary<string, string?>
            {
                ["Reminders:MaxDeliveryCount"] = "2",
                // Room for the 200 MB direct upload (DirectUploadTests); the default per-file limit is 100 MB.
                ["Replies:MaxFileBytes"] = (256L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        });
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Prerequisites.Chromium,
            Headless = true,
            Args = Prerequisites.ChromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
        if (Mail is not null)
        {
            await Mail.DisposeAsync();
        }
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a stopping process; the temp folder is cleaned by the system later.
        }
    }

    /// <summary>A fresh browser context (no cookies, no session storage) in the given language.</summary>
    public async Task<PortalPage> OpenAsync(string testName, string locale = "en-US", string timezoneId = "America/New_York")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = locale,
            TimezoneId = timezoneId,
            AcceptDownloads = true,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        var violations = await PolicyViolations.WatchAsync(context);
        return new PortalPage(await context.NewPageAsync(), testName, violations);
    }

    /// <summary>An HTTP client calling the API as a demo persona, for arranging data and checking results.</summary>
    public HttpClient Api(string persona)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl + "/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Host.Tokens.Issue(DevTokens.FindPersona(persona)!));
        return client;
    }
}

/// <summary>The whole local portal with a private smtp4dev receiving the reminder mail.</summary>
public sealed class PortalWithMailFixture() : PortalFixture(withMail: true);
