using Azure.Storage.Blobs;
using Microsoft.Extensions.FileProviders;
using ResponsePortal.Azure;
using ResponsePortal.Azure.Storage;
using ResponsePortal.DevHost.Auth;
using ResponsePortal.DevHost.Demo;
using ResponsePortal.DevHost.Local;
using ResponsePortal.DevHost.Replies;
using ResponsePortal.Functions.Http;

namespace ResponsePortal.DevHost.Hosting;

public sealed class DevHostSettings
{
    public string DataDirectory { get; init; } = Path.Combine(RepoPaths.Root, ".devhost");
    public int Port { get; init; } = 7071;
    /// <summary>Storage to use; when null the host starts (or reuses) Azurite on the default ports.</summary>
    public string? StorageConnectionString { get; init; }
    public bool LoadDemoCase { get; init; } = true;
    public bool RunTriggers { get; init; } = true;
    public DevTokens? Tokens { get; init; }
    /// <summary>The clock; the movable <see cref="DevClock"/> unless a test brings its own.</summary>
    public TimeProvider? Clock { get; init; }
    public IDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();
    /// <summary>Start (or reuse) smtp4dev on these ports for reminder mail; false when the caller brings its own SMTP server.</summary>
    public bool StartSmtp4dev { get; init; } = true;
    public int SmtpPort { get; init; } = LocalSmtp4dev.DefaultSmtpPort;
    public int MailWebPort { get; init; } = LocalSmtp4dev.DefaultWebPort;
}

/// <summary>
/// The local portal: the Functions project's own function classes behind the same routes, the same bearer
/// validation with locally signed demo tokens, storage on Azurite, and dev-only helpers (tokens, clock).
/// </summary>
public sealed class DevHostApp : IAsyncDisposable
{
    private readonly LocalAzurite? _azurite;
    private readonly LocalSmtp4dev? _smtp4dev;

    private DevHostApp(WebApplication app, LocalAzurite? azurite, LocalSmtp4dev? smtp4dev, DevTokens tokens)
    {
        App = app;
        _azurite = azurite;
        _smtp4dev = smtp4dev;
        Tokens = tokens;
    }

    /// <summary>Where the reminder mail can be read (smtp4dev's web page), when this host started or found smtp4dev.</summary>
    public string? MailUrl => _smtp4dev?.WebUrl;

    public WebApplication App { get; }
    public DevTokens Tokens { get; }
    public string BaseUrl => App.Urls.First();
    public IServiceProvider Services => App.Services;

    public static async Task<DevHostApp> StartAsync(DevHostSettings settings, CancellationToken cancellationToken = default)
    {
        LocalAzurite? azurite = null;
        LocalSmtp4dev? smtp4dev = null;
        var connectionString = settings.StorageConnectionString;
        if (connectionString is null)
        {
            azurite = await LocalAzurite.StartOrReuseAsync(Path.Combine(settings.DataDirectory, "azurite"));
            connectionString = azurite.ConnectionString;
        }
        try
        {
            if (settings.StartSmtp4dev)
            {
                smtp4dev = await LocalSmtp4dev.StartOrReuseAsync(settings.SmtpPort, settings.MailWebPort);
            }
            Directory.CreateDirectory(settings.DataDirectory);
            var tokens = settings.Tokens ?? DevTokens.LoadOrCreate(settings.DataDirectory);
            var clock = settings.Clock ?? new DevClock(Path.Combine(settings.DataDirectory, "dev-clock-offset.txt"), settings.LoadDemoCase ? DemoCase.ClockStart : null);

            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Development" });
            builder.WebHost.UseUrls($"http://127.0.0.1:{settings.Port}");
            builder.Logging.SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddFilter("Azure", LogLevel.Warning);
            builder.Configuration.AddInMemoryCollection(DevTokens.Configuration());
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = connectionString,
                ["Portal:PortalBaseUrl"] = $"http://127.0.0.1:{settings.Port}",
                ["Portal:PublicSiteBaseUrl"] = $"http://127.0.0.1:{settings.Port}/site",
                ["ReminderSweepSchedule"] = "0 */15 * * * *",
                ["ReminderDeliverySchedule"] = "0 * * * * *",
                ["WeeklyDigestSchedule"] = "0 0 6 * * 1",
                ["Reminders:SecretariatMailbox"] = "secretariat-desk@responseportal.local",
                ["Smtp:Host"] = "127.0.0.1",
                ["Smtp:Port"] = settings.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            builder.Configuration.AddInMemoryCollection(settings.Settings);
            if (string.IsNullOrWhiteSpace(builder.Configuration["Receipts:SigningKeyPem"]))
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Receipts:SigningKeyPem"] = ReceiptKeys.LoadOrCreate(settings.DataDirectory) });
            }

            builder.Services.AddSingleton(clock);
            builder.Services.AddResponsePortal(builder.Configuration);
            builder.Services.AddSingleton<ErrorBoundary>();
            // A backstop only: the trigger runner handles its own failures, and an outage must never stop the host.
            builder.Services.Configure<HostOptions>(o => o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore);
            tokens.ConfigureBearer(builder.Services);
            builder.Services.AddSingleton(tokens);
            builder.Services.AddMvcCore();
            foreach (var functionClass in FunctionCatalog.All.Select(f => f.FunctionClass).Distinct())
            {
                builder.Services.AddScoped(functionClass);
            }
            builder.Services.AddSingleton<TriggerRunner>();
            if (settings.RunTriggers)
            {
                builder.Services.AddHostedService(sp => sp.GetRequiredService<TriggerRunner>());
            }
            builder.Services.AddTransient<DemoCase>();

            var app = builder.Build();
            var origin = $"http://127.0.0.1:{settings.Port}";
            var portalHeaders = PortalHeaders.Load(Path.Combine(RepoPaths.Web, "staticwebapp.config.json"), origin, signInOrigin: null,
                PortalHeaders.Origin(app.Services.GetRequiredService<BlobServiceClient>().Uri));
            app.UseSecurityHeaders(portalHeaders, DevSecurityHeaders.SiteHeaders());
            app.UseErrorBoundary();
            app.MapHttpFunctions();
            app.MapDevEndpoints();
            app.MapPublicSite();
            if (Directory.Exists(RepoPaths.Web))
            {
                var web = new PhysicalFileProvider(RepoPaths.Web);
                app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = web });
                app.UseStaticFiles(new StaticFileOptions { FileProvider = web });
            }

            await app.Services.GetRequiredService<StorageBootstrap>().EnsureCreatedAsync(cancellationToken);
            // Replies upload straight from the pages to the blob endpoint (ADR 0104), a cross-origin request.
            await DirectUploadCorsOnAzurite.AllowOriginAsync(app.Services.GetRequiredService<BlobServiceClient>(), $"http://127.0.0.1:{settings.Port}", cancellationToken);
            if (settings.LoadDemoCase)
            {
                await app.Services.GetRequiredService<DemoCase>().LoadIfMissingAsync(cancellationToken);
            }
            await app.StartAsync(cancellationToken);
            return new DevHostApp(app, azurite, smtp4dev, tokens);
        }
        catch
        {
            if (smtp4dev is not null)
            {
                await smtp4dev.DisposeAsync();
            }
            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (_smtp4dev is not null)
        {
            await _smtp4dev.DisposeAsync();
        }
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

internal static class DevEndpoints
{
    public static void MapDevEndpoints(this WebApplication app)
    {
        app.MapGet("/dev/personas", () => Results.Ok(DevTokens.Personas));
        app.MapGet("/openapi.json", () => Results.File(Path.Combine(RepoPaths.Root, "docs", "openapi.json"), "application/json"));
        app.MapMethods("/dev/token/{persona}", ["GET", "POST"], (string persona, DevTokens tokens) =>
            DevTokens.FindPersona(persona) is { } found
                ? Results.Ok(new { persona = found.Key, found.UserId, found.Role, found.AddresseeId, token = tokens.Issue(found) })
                : Results.Problem(statusCode: 404, title: "Unknown persona", detail: "Personas: " + string.Join(", ", DevTokens.Personas.Select(p => p.Key))));
        app.MapGet("/dev/clock", (TimeProvider clock) => Results.Ok(new { now = clock.GetUtcNow(), offset = (clock as DevClock)?.Offset }));
        app.MapPost("/dev/clock/advance", async (HttpRequest request, TimeProvider clock, TriggerRunner triggers, CancellationToken cancellationToken) =>
        {
            if (clock is not DevClock devClock)
            {
                return Results.Problem(statusCode: 409, title: "Clock not movable", detail: "This host runs with a clock that is not the dev clock.");
            }
            if (DevClock.ParseAdvance(request.Query["days"], request.Query["hours"], out var by) is { } refusal)
            {
                return Results.Problem(statusCode: 400, title: "The request is not valid", detail: refusal);
            }
            // Sweep at the time being left first: a fresh host has no sweep checkpoint yet, and a first sweep looks
            // back only Reminders__FirstSweepLookbackDays, so a jump straight after start-up would miss every closure.
            await triggers.RunAllTimersAsync(cancellationToken);
            var now = devClock.Advance(by);
            // Run the timers at the new time and then the queue functions, so when this returns the effects of the
            // new time (reminders handed over, closed windows published) are visible without waiting for a poll.
            await triggers.RunAllTimersAsync(cancellationToken);
            await triggers.PollQueuesOnceAsync(cancellationToken);
            return Results.Ok(new { now, offset = devClock.Offset });
        });
        // Runs every queue function until its queue is empty (publish jobs of a late reply, for example), then returns.
        app.MapPost("/dev/queues/run", async (TriggerRunner triggers, CancellationToken cancellationToken) =>
        {
            await triggers.PollQueuesOnceAsync(cancellationToken);
            return Results.Ok(new { drained = true });
        });
        app.MapPost("/dev/timers/{name}/run", async (string name, TriggerRunner triggers, CancellationToken cancellationToken)
            => await triggers.RunTimerAsync(name, cancellationToken) ? Results.Ok(new { ran = name }) : Results.Problem(statusCode: 404, title: "No such timer function", detail: name));
    }

    /// <summary>Serves the public site from the $web container, as the storage static website does in Azure.</summary>
    public static void MapPublicSite(this WebApplication app)
    {
        app.MapGet("/site/{**path}", async (string? path, BlobServiceClient blobs, HttpContext context, CancellationToken cancellationToken) =>
        {
            var container = blobs.GetBlobContainerClient("$web");
            var name = string.IsNullOrEmpty(path) || path.EndsWith('/') ? (path ?? "") + "index.html" : path;
            // One storage call per file served, not an existence check before each download: a verifier fetching
            // every file of a large site pays for each round trip to the storage.
            var found = await DownloadAsync(container, name, cancellationToken) ?? await DownloadAsync(container, name.TrimEnd('/') + "/index.html", cancellationToken);
            if (found is null)
            {
                // Azure serves the root 404.html everywhere; locally a French or Spanish address gets its language's copy.
                var language = name.StartsWith("fr/", StringComparison.Ordinal) || name.StartsWith("es/", StringComparison.Ordinal) ? name[..3] : "";
                context.Response.StatusCode = 404;
                found = await DownloadAsync(container, language + "404.html", cancellationToken);
                if (found is null)
                {
                    return Results.NotFound();
                }
            }
            return Results.Stream(found.Content, found.Details.ContentType ?? "application/octet-stream");
        });
    }

    private static async Task<global::Azure.Storage.Blobs.Models.BlobDownloadStreamingResult?> DownloadAsync(BlobContainerClient container, string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await container.GetBlobClient(name).DownloadStreamingAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (global::Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
