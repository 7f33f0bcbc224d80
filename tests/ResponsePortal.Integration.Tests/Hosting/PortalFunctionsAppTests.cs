using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Moq;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using ResponsePortal.Common;
using ResponsePortal.DevHost.Auth;
using ResponsePortal.DevHost.Demo;
using ResponsePortal.DevHost.Hosting;
using ResponsePortal.DevHost.Local;
using ResponsePortal.Functions;
using ResponsePortal.Functions.Communications;
using ResponsePortal.Functions.Publication;
using ResponsePortal.Functions.Reminders;
using ResponsePortal.Functions.Replies;
using ResponsePortal.Infra.Tests;
using ResponsePortal.Integration.Tests.Harness;
using ResponsePortal.Publication;
using ResponsePortal.Replies;

namespace ResponsePortal.Integration.Tests.Hosting;

/// <summary>
/// The deployed app's own composition (<see cref="PortalFunctionsApp.ConfigurePortal"/>, as Program.cs runs it) with the
/// app settings main.bicep gives it, over an Azurite provisioned from the compiled template and nothing more.
/// Substituted: Service Bus (Moq on the SDK's sender and receiver), the clock (to live through a reply window), and
/// Entra's signing key (tokens are signed here; audience and tenant are the configured ones). Storage is reached at
/// its configured endpoints with Azurite's shared key, because the Azure SDK sends bearer tokens over HTTPS only.
/// </summary>
[Collection(ProductionCompositionCollection.Name)]
public sealed class PortalFunctionsAppTests(Smtp4devMailbox mailbox) : IAsyncLifetime
{
    private const string TenantId = "7f3c1a52-1d0e-4c57-9a43-0d7b3b7c2a11";
    private const string ApiClientId = "0b8e5f0e-8a43-4c51-9d3e-5d2b8f0c6e21";
    private const string Audience = "api://" + ApiClientId;
    private static readonly string Issuer = $"https://login.microsoftonline.com/{TenantId}/v2.0";

    private readonly FakeTimeProvider _clock = new(DemoCase.ClockStart);
    private readonly DevTokens _tokens = DevTokens.CreateEphemeral();
    private readonly Mock<ServiceBusSender> _sender = new();
    private readonly Mock<ServiceBusReceiver> _receiver = new();
    private readonly List<ServiceBusMessage> _sent = [];
    private readonly List<ServiceBusReceivedMessage> _completed = [];
    private readonly List<MetricSnapshot> _metrics = [];
    private LocalAzurite _azurite = null!;
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        _azurite = await LocalAzurite.StartInMemoryAsync();
        await ProvisionedStorage.ProvisionAsync(_azurite);
        await mailbox.ClearAsync();

        _sender.Setup(s => s.SendMessageAsync(Capture.In(_sent), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        var handedOut = 0;
        _receiver.Setup(r => r.ReceiveMessagesAsync(It.IsAny<int>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((int max, TimeSpan? _, CancellationToken _) =>
            {
                var batch = _sent.Skip(handedOut).Take(max)
                    .Select(m => ServiceBusModelFactory.ServiceBusReceivedMessage(body: m.Body, messageId: m.MessageId, deliveryCount: 1, lockTokenGuid: Guid.NewGuid()))
                    .ToList();
                handedOut += batch.Count;
                return batch;
            });
        _receiver.Setup(r => r.CompleteMessageAsync(Capture.In(_completed), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(AzureSettings());
        builder.Services.AddSingleton<TimeProvider>(_clock);
        builder.ConfigurePortal();
        builder.Services.RemoveAll<ServiceBusSender>().AddSingleton(_sender.Object);
        builder.Services.RemoveAll<ServiceBusReceiver>().AddSingleton(_receiver.Object);
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, TrustTestSigningKey);
        builder.Services.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(_metrics));
        _host = builder.Build();
        // The host is never started (its worker would dial the Functions host); starting it would create the meter provider.
        _host.Services.GetRequiredService<MeterProvider>();
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _azurite.DisposeAsync();
    }

    /// <summary>The app settings main.bicep sets as literals; those it computes at deployment get values of the same shape here.</summary>
    private Dictionary<string, string?> AzureSettings()
    {
        var settings = CompiledTemplate.ForMain.AppSettings
            .Where(s => !s.Value.StartsWith('['))
            .ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), s => (string?)s.Value);
        var computed = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage:blobServiceUri"] = $"http://127.0.0.1:{_azurite.BlobPort}/{LocalAzurite.AccountName}",
            ["AzureWebJobsStorage:queueServiceUri"] = $"http://127.0.0.1:{_azurite.QueuePort}/{LocalAzurite.AccountName}",
            ["AzureWebJobsStorage:tableServiceUri"] = $"http://127.0.0.1:{_azurite.TablePort}/{LocalAzurite.AccountName}",
            ["AzureWebJobsStorage:accountName"] = LocalAzurite.AccountName,
            ["AzureWebJobsStorage:accountKey"] = LocalAzurite.AccountKey,
            ["ServiceBus:fullyQualifiedNamespace"] = "sb-portal.servicebus.windows.net",
            ["ServiceBus:clientId"] = "5e6f7a8b-0000-4000-8000-000000000001",
            ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
            ["AzureAd:TenantId"] = TenantId,
            ["AzureAd:ClientId"] = ApiClientId,
            ["AzureAd:Audience"] = Audience,
            ["Portal:TimeZone"] = "Europe/Zurich",
            ["Portal:DefaultReplyWindowDays"] = "60",
            ["Portal:PortalBaseUrl"] = "https://portal.example.org",
            ["Portal:PublicSiteBaseUrl"] = "https://public.example.org",
            ["Reminders:QueueName"] = "reminders",
            ["Reminders:OffsetsDays"] = "30,14,7,1",
            ["Reminders:MaxDeliveryCount"] = "5",
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = mailbox.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:From"] = "secretariat@example.org",
            ["Replies:MaxFileBytes"] = "104857600",
            ["Replies:MaxFiles"] = "20",
            ["Replies:MaxReplyBytes"] = "524288000",
            ["Receipts:SigningKeyPem"] = ReceiptSigner.NewKeyPem(),
        };
        foreach (var (key, value) in computed)
        {
            settings[key] = value;
        }
        return settings;
    }

    /// <summary>Entra cannot be reached from here: trust this test's key for the Entra issuer of the configured tenant.</summary>
    private void TrustTestSigningKey(JwtBearerOptions options)
    {
        var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
        configuration.SigningKeys.Add(_tokens.SigningKey);
        options.Configuration = configuration;
        options.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
        options.TokenValidationParameters.IssuerValidator = null;
        options.TokenValidationParameters.ValidIssuer = Issuer;
        options.TokenValidationParameters.IssuerSigningKeys = [_tokens.SigningKey];
    }

    /// <summary>A token shaped as Entra issues it for the configured tenant and API, for a demo persona.</summary>
    private string TokenFor(string persona)
    {
        var who = DevTokens.FindPersona(persona)!;
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddHours(1),
            Claims = new Dictionary<string, object> { ["oid"] = who.UserId, ["tid"] = TenantId, ["name"] = who.DisplayName, ["ver"] = "2.0", ["roles"] = new[] { who.Role } },
            SigningCredentials = new SigningCredentials(_tokens.SigningKey, SecurityAlgorithms.EcdsaSha256),
        });
    }

    /// <summary>A function class as the worker activates it: a new instance per invocation from the invocation's scope.</summary>
    private T Function<T>(IServiceProvider scope) => (T)ActivatorUtilities.CreateInstance(scope, typeof(T));

    private async Task<(int Status, JsonElement Body)> HttpAsync<T>(string method, string path, string? persona, HttpContent? content, Func<T, HttpRequest, Task<IActionResult>> call)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = method;
        context.Request.Path = path;
        if (persona is not null)
        {
            context.Request.Headers.Authorization = "Bearer " + TokenFor(persona);
        }
        if (content is not null)
        {
            var bytes = await content.ReadAsByteArrayAsync();
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = content.Headers.ContentType?.ToString();
        }
        context.Response.Body = new MemoryStream();
        var result = await call(Function<T>(scope.ServiceProvider), context.Request);
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        context.Response.Body.Position = 0;
        var text = await new StreamReader(context.Response.Body).ReadToEndAsync();
        return (context.Response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task RunAsync<T>(Func<T, Task> call)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        await call(Function<T>(scope.ServiceProvider));
    }

    /// <summary>Runs the publisher on every job in the publish queue, as the host's queue trigger would.</summary>
    private async Task<int> PublishQueuedAsync()
    {
        var queue = _host.Services.GetRequiredService<QueueServiceClient>().GetQueueClient("publish");
        var count = 0;
        while ((await queue.ReceiveMessagesAsync(16, TimeSpan.FromMinutes(5))).Value is { Length: > 0 } messages)
        {
            foreach (var message in messages)
            {
                await RunAsync<PublicationFunctions>(f => f.PublishCommunication(message.Body.ToString(), message.DequeueCount, default));
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                count++;
            }
        }
        return count;
    }

    private static MultipartFormDataContent ReplyForm(string fileName, string text)
    {
        var file = new ByteArrayContent(PortalHarness.Pdf(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return new MultipartFormDataContent { { file, "files", fileName } };
    }

    private async Task<string> SiteTextAsync(string path)
    {
        var blob = _host.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient("$web").GetBlobClient(path);
        return (await blob.DownloadContentAsync()).Value.Content.ToString();
    }

    [Fact]
    public void Every_function_class_resolves_from_the_production_container()
    {
        using var scope = _host.Services.CreateScope();
        var classes = FunctionCatalog.All.Select(f => f.FunctionClass).Distinct().ToList();

        Assert.NotEmpty(classes);
        Assert.All(classes, type => Assert.IsType(type, ActivatorUtilities.CreateInstance(scope.ServiceProvider, type)));
    }

    [Fact]
    public async Task A_letter_lives_its_whole_life_on_the_production_composition_with_only_the_storage_the_template_declares()
    {
        // Addressees, their contacts and members, and the demo letters, through the real use cases.
        await ActivatorUtilities.CreateInstance<DemoCase>(_host.Services).LoadIfMissingAsync(default);

        // Register: the secretariat sends the United Kingdom a follow-up.
        using var registration = new MultipartFormDataContent
        {
            { new StringContent("""{"reference":"AL GBR 2/2021","addresseeId":"GBR","subject":"Follow-up","mandates":["Special Rapporteur on violence against women, its causes and consequences"],"sentOn":"2021-01-25"}"""), "communication" },
            { new ByteArrayContent(PortalHarness.Pdf("Follow-up letter")), "letter", "letter.pdf" },
        };
        var registered = await HttpAsync<CommunicationFunctions>("POST", "/api/communications", "secretariat", registration, (f, r) => f.RegisterCommunication(r, default));
        Assert.Equal(201, registered.Status);

        // Reply on time: the United States answer within the window.
        _clock.Advance(TimeSpan.FromDays(10));
        var onTime = await HttpAsync<MyReplyFunctions>("POST", "/api/me/communications/al-usa-2-2021/replies", "usa", ReplyForm("usa-reply.pdf", "Our answer"), (f, r) => f.UploadReply(r, "al-usa-2-2021", default));
        Assert.Equal(201, onTime.Status);

        // Sweep and remind: 30 days before the close, everyone who has not replied is reminded by mail.
        _clock.Advance(TimeSpan.FromDays(20));
        await RunAsync<ReminderTimerFunctions>(f => f.DeadlineSweep(new TimerInfo(), default));
        var sent = _sent.Select(m => m.MessageId).Order().ToList();
        var reminded = sent.Where(id => id.EndsWith("|30d", StringComparison.Ordinal)).ToList();
        Assert.Equal(["al-gbr-1-2021|30d", "al-gbr-2-2021|30d", "al-oth-1-2021|30d", "al-rou-1-2021|30d"], reminded);
        // The on-time reply's receipt (to the USA's contacts) and its notice to the secretariat take the same path.
        Assert.Equal(["al-usa-2-2021|receipt-", "al-usa-2-2021|reply-"], sent.Except(reminded).Select(id => id[..(id.IndexOf('-', id.IndexOf('|')) + 1)]).Order());
        await RunAsync<ReminderTimerFunctions>(f => f.DeliverReminders(new TimerInfo(), default));
        Assert.Equal(sent.Count, _completed.Count);
        Assert.True((await mailbox.WaitForAsync(reminded.Count)).Count >= reminded.Count);

        // Close and publish: past the close, the sweep hands every window to the publisher.
        _clock.Advance(TimeSpan.FromDays(32));
        await RunAsync<ReminderTimerFunctions>(f => f.DeadlineSweep(new TimerInfo(), default));
        Assert.Equal(5, await PublishQueuedAsync());
        Assert.Contains("usa-reply.pdf", await SiteTextAsync("c/al-usa-2-2021/index.html"));

        // Late reply: Romania answers after the close; its reply is marked late and published too.
        var late = await HttpAsync<MyReplyFunctions>("POST", "/api/me/communications/al-rou-1-2021/replies", "romania", ReplyForm("rou-late.pdf", "Late answer"), (f, r) => f.UploadReply(r, "al-rou-1-2021", default));
        Assert.Equal(201, late.Status);
        Assert.True(await PublishQueuedAsync() >= 1);
        Assert.Contains("rou-late.pdf", await SiteTextAsync("c/al-rou-1-2021/index.html"));

        // Verify: the publication log is intact and matches the site; the receipt verifies with the public key.
        var verification = await _host.Services.GetRequiredService<PublicationLogVerifier>().VerifyAsync(null, default);
        Assert.True(verification.Intact, verification.FirstMismatch);
        var replyId = late.Body.GetProperty("id").GetString()!;
        var receipt = await HttpAsync<MyReplyFunctions>("GET", $"/api/me/communications/al-rou-1-2021/replies/{replyId}/receipt", "romania", null, (f, r) => f.GetMyReceipt(r, "al-rou-1-2021", replyId, default));
        var publicKey = _host.Services.GetRequiredService<ReceiptSigner>().PublicKeyPem;
        Assert.True(ReceiptVerifier.Verify(receipt.Body.GetRawText(), publicKey).Valid);

        // Nothing was created at run time: the account holds exactly what the template (and the hook) made.
        var declared = ProvisionedStorage.Template;
        var (tables, containers, queues) = await ProvisionedStorage.ListAsync(_azurite);
        Assert.Equal(declared.Tables.Order(StringComparer.Ordinal), tables);
        Assert.Equal(declared.Containers.Append(DeclaredStorage.StaticWebsiteContainer).Order(StringComparer.Ordinal), containers);
        Assert.Equal(declared.Queues.Order(StringComparer.Ordinal), queues);

        // Operators saw it: the portal's metrics went through the app's OpenTelemetry pipeline.
        _host.Services.GetRequiredService<MeterProvider>().ForceFlush();
        Assert.Equal(1, Sum(PortalMetrics.RepliesReceived, (PortalMetrics.LateTag, false)));
        Assert.Equal(1, Sum(PortalMetrics.RepliesReceived, (PortalMetrics.LateTag, true)));
        // Mails sent on the reminder path: the four reminders, and apart from them the USA reply's receipt (no
        // secretariat mailbox is configured here, so its notice is logged as not needed and sends nothing).
        Assert.Equal(reminded.Count, Sum(PortalMetrics.RemindersSent));
        Assert.Equal(1, Sum(PortalMetrics.NotificationsSent));
        Assert.Equal(0, Sum(PortalMetrics.RemindersDeadLettered));
        Assert.True(Sum(PortalMetrics.Publications) >= 6);
        Assert.Equal(2, HistogramCount(PortalMetrics.SweepLag));
    }

    /// <summary>The total of a counter in the last export (cumulative), over the points carrying the given tags.</summary>
    private long Sum(string name, params (string Key, object Value)[] tags)
        => Latest(name).Where(point => tags.All(t => TagsOf(point).GetValueOrDefault(t.Key) is { } value && value.Equals(t.Value))).Sum(point => point.GetSumLong());

    private long HistogramCount(string name) => Latest(name).Sum(point => point.GetHistogramCount());

    private IReadOnlyList<MetricPoint> Latest(string name) => _metrics.LastOrDefault(m => m.Name == name)?.MetricPoints ?? [];

    private static Dictionary<string, object?> TagsOf(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>();
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value;
        }
        return tags;
    }
}

/// <summary>
/// Runs alone: an OpenTelemetry meter provider listens to every meter named "ResponsePortal" in the process, so the
/// metric assertions would count other tests' replies and reminders if they ran at the same time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProductionCompositionCollection : ICollectionFixture<Smtp4devMailbox>
{
    public const string Name = "production composition";
}
