using System.Text.Json;
using ResponsePortal.DevHost.Local;
using ResponsePortal.Functions.Http;

namespace ResponsePortal.DevHost.Hosting;

/// <summary>
/// The DevHost answers with the headers each part has in Azure (docs/security-headers.md): the API's from
/// <see cref="SecurityHeaders"/> (as the Functions app), the portal pages' from web/staticwebapp.config.json (as the
/// Static Web App, with this host's origins in the placeholders), and the public site's from infra/site-headers.json
/// (as the optional Front Door rule set).
/// </summary>
public static class DevSecurityHeaders
{
    public static void UseSecurityHeaders(this WebApplication app, IReadOnlyDictionary<string, string> portalHeaders, IReadOnlyDictionary<string, string> siteHeaders)
    {
        app.Use((context, next) =>
        {
            var path = context.Request.Path;
            if (path.StartsWithSegments("/api") || path.StartsWithSegments("/dev") || path.StartsWithSegments("/openapi.json"))
            {
                SecurityHeaders.ApplyWhenStarting(context);
            }
            else
            {
                var headers = path.StartsWithSegments("/site") ? siteHeaders : portalHeaders;
                context.Response.OnStarting(() =>
                {
                    foreach (var (name, value) in headers)
                    {
                        context.Response.Headers[name] = value;
                    }
                    return Task.CompletedTask;
                });
            }
            return next(context);
        });
    }

    /// <summary>The public site's headers as Front Door adds them (infra/site-headers.json, read by the Bicep too).</summary>
    public static IReadOnlyDictionary<string, string> SiteHeaders()
        => JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(RepoPaths.Root, "infra", "site-headers.json")))
           ?? throw new InvalidOperationException("infra/site-headers.json is empty.");
}
