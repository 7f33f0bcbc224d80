using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ResponsePortal.Azure;
using ResponsePortal.Azure.Storage;
using ResponsePortal.DevHost.Auth;
using ResponsePortal.DevHost.Hosting;
using ResponsePortal.DevHost.Local;

namespace ResponsePortal.Integration.Tests.Harness;

/// <summary>
/// A private in-memory Azurite on free ports plus the portal's real services, with a fake clock and locally
/// signed tokens. Function classes are resolved from it and called directly, without a host.
/// </summary>
public class PortalHarness : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2021, 1, 25, 8, 0, 0, TimeSpan.Zero);

    public LocalAzurite Azurite { get; private set; } = null!;
    public FakeTimeProvider Clock { get; } = new(Start);
    public DevTokens Tokens { get; } = DevTokens.CreateEphemeral();
    public ServiceProvider Services { get; private set; } = null!;

    /// <summary>A receipt-signing key made for this test run only.</summary>
    public string ReceiptKeyPem { get; } = ResponsePortal.Replies.ReceiptSigner.NewKeyPem();

    /// <summary>Extra settings a test class needs (feature options).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public virtual async Task InitializeAsync()
    {
        Azurite = await LocalAzurite.StartInMemoryAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(DevTokens.Configuration())
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = Azurite.ConnectionString, ["Receipts:SigningKeyPem"] = ReceiptKeyPem })
            .AddInMemoryCollection(Settings)
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(Clock);
        services.AddResponsePortal(configuration);
        ConfigureServices(services);
        Tokens.ConfigureBearer(services);
        services.AddMvcCore();
        foreach (var functionClass in FunctionCatalog.All.Select(f => f.FunctionClass).Distinct())
        {
            services.AddTransient(functionClass);
        }
        Services = services.BuildServiceProvider();
        await Services.GetRequiredService<StorageBootstrap>().EnsureCreatedAsync(CancellationToken.None);
    }

    /// <summary>Replaces services after the portal's own registrations (a later registration wins), e.g. another feature's port with a fake.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public virtual async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await Azurite.DisposeAsync();
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public string TokenFor(string persona) => Tokens.Issue(DevTokens.FindPersona(persona) ?? throw new ArgumentException("Unknown persona " + persona));

    /// <summary>A request as the Functions host would hand it to a function.</summary>
    public HttpRequest Request(string method, string path, string? token = null, HttpContent? content = null)
    {
        var context = new DefaultHttpContext { RequestServices = Services.CreateScope().ServiceProvider };
        var request = context.Request;
        request.Method = method;
        var query = path.IndexOf('?');
        request.Path = query < 0 ? path : path[..query];
        request.QueryString = query < 0 ? QueryString.Empty : new QueryString(path[query..]);
        if (token is not null)
        {
            request.Headers.Authorization = "Bearer " + token;
        }
        if (content is not null)
        {
            var bytes = content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
            request.Body = new MemoryStream(bytes);
            request.ContentLength = bytes.Length;
            request.ContentType = content.Headers.ContentType?.ToString();
        }
        context.Response.Body = new MemoryStream();
        return request;
    }

    /// <summary>Executes an action result into the response and reads it back.</summary>
    public static async Task<Response> ExecuteAsync(HttpRequest request, IActionResult result)
    {
        var context = request.HttpContext;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        context.Response.Body.Position = 0;
        using var bytes = new MemoryStream();
        await context.Response.Body.CopyToAsync(bytes);
        bytes.Position = 0;
        var body = await new StreamReader(bytes).ReadToEndAsync();
        return new Response(context.Response.StatusCode, context.Response.ContentType, body, context.Response.Headers.ToDictionary(h => h.Key, h => h.Value.ToString()))
        {
            Bytes = bytes.ToArray(),
        };
    }

    public static MultipartFormDataContent Form(params (string Name, string? FileName, byte[] Bytes)[] parts)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, fileName, bytes) in parts)
        {
            var part = new ByteArrayContent(bytes);
            if (fileName is null)
            {
                form.Add(part, name);
            }
            else
            {
                part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                form.Add(part, name, fileName);
            }
        }
        return form;
    }

    public static byte[] Json(object value) => JsonSerializer.SerializeToUtf8Bytes(value, new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A small but real PDF document.</summary>
    public static byte[] Pdf(string text = "Letter") => Encoding.ASCII.GetBytes(
        $"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n" +
        $"3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R>> endobj\n4 0 obj <</Length {text.Length + 20}>> stream\nBT /F1 12 Tf ({text}) Tj ET\nendstream endobj\ntrailer <</Root 1 0 R>>\nstartxref\n0\n%%EOF\n");
}

public sealed record Response(int Status, string? ContentType, string Body, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The body as sent: a document download is not UTF-8 text.</summary>
    public byte[] Bytes { get; init; } = [];

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

public static class HarnessExtensions
{
    /// <summary>Loads the demo case (four letters, addressees, persona memberships) through the real use cases.</summary>
    public static Task SeedDemoAsync(this PortalHarness harness)
        => Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<ResponsePortal.DevHost.Demo.DemoCase>(harness.Services).LoadIfMissingAsync(CancellationToken.None);
}
