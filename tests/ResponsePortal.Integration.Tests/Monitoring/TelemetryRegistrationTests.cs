using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using ResponsePortal.Azure.Monitoring;
using ResponsePortal.Common;

namespace ResponsePortal.Integration.Tests.Monitoring;

public sealed class TelemetryRegistrationTests
{
    [Fact]
    public void Entra_authentication_uses_the_user_assigned_identity_the_host_uses()
    {
        Assert.IsType<ManagedIdentityCredential>(TelemetryRegistration.EntraCredential("ClientId=5e6f7a8b-0000-4000-8000-000000000001;Authorization=AAD"));
        Assert.IsType<DefaultAzureCredential>(TelemetryRegistration.EntraCredential("Authorization=AAD"));
    }

    [Fact]
    public void Without_entra_authentication_no_credential_is_given()
    {
        Assert.Null(TelemetryRegistration.EntraCredential(null));
        Assert.Null(TelemetryRegistration.EntraCredential("ClientId=5e6f7a8b-0000-4000-8000-000000000001"));
    }

    [Fact]
    public void With_a_connection_string_the_meter_provider_builds_with_the_azure_monitor_exporter()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [TelemetryRegistration.ConnectionStringSetting] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:1/",
            [TelemetryRegistration.AuthenticationSetting] = "ClientId=5e6f7a8b-0000-4000-8000-000000000001;Authorization=AAD",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddPortalTelemetry(configuration).BuildServiceProvider();

        var provider = services.GetRequiredService<MeterProvider>();

        Assert.NotNull(provider);
        Assert.NotNull(services.GetRequiredService<PortalMetrics>());
    }
}
