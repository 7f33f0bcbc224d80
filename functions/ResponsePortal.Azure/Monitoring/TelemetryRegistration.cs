using Azure.Core;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using ResponsePortal.Common;

namespace ResponsePortal.Azure.Monitoring;

/// <summary>
/// The portal's metrics (<see cref="PortalMetrics"/>) and, in Azure, their export to Application Insights with
/// the Azure Monitor OpenTelemetry exporter. Logs and requests go through the Functions host, as before
/// (docs/adr/0004-telemetry.md).
/// </summary>
public static class TelemetryRegistration
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public static IServiceCollection AddPortalTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        services.AddSingleton<PortalMetrics>();
        var metrics = services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(PortalMetrics.MeterName));
        var connectionString = configuration[ConnectionStringSetting];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            var credential = EntraCredential(configuration[AuthenticationSetting]);
            metrics.WithMetrics(m => m.AddAzureMonitorMetricExporter(o =>
            {
                o.ConnectionString = connectionString;
                o.Credential = credential;
            }));
        }
        return services;
    }

    /// <summary>
    /// The credential the Functions host uses for the same component: <c>Authorization=AAD</c> with the user-assigned
    /// identity's <c>ClientId</c> (the component refuses the instrumentation key alone); null without AAD.
    /// </summary>
    public static TokenCredential? EntraCredential(string? authenticationString)
    {
        var parts = (authenticationString ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        return parts.TryGetValue("Authorization", out var authorization) && string.Equals(authorization, "AAD", StringComparison.OrdinalIgnoreCase)
            ? ServiceCollectionExtensions.Credential(parts.GetValueOrDefault("ClientId"))
            : null;
    }
}
