using System.Text.Json;
using ResponsePortal.Common;
using Xunit;

namespace ResponsePortal.Infra.Tests;

/// <summary>Operators can see the portal run: resource logs in Log Analytics, and alerts on what they must act on.</summary>
public class MonitoringTests
{
    private readonly CompiledTemplate template = CompiledTemplate.ForMain;

    private JsonElement Alerts => CompiledTemplate.TemplateOf(template.Module("alerts"));

    private IReadOnlyList<JsonElement> Rules => Alerts.At("variables", "rules").EnumerateArray().ToList();

    private JsonElement Rule(string name) => Rules.Single(r => r.GetProperty("name").GetString() == name);

    [Theory]
    [InlineData("Microsoft.Storage/storageAccounts/blobServices")]
    [InlineData("Microsoft.Storage/storageAccounts/tableServices")]
    [InlineData("Microsoft.Storage/storageAccounts/queueServices")]
    [InlineData("Microsoft.ServiceBus/namespaces")]
    [InlineData("Microsoft.KeyVault/vaults")]
    [InlineData("Microsoft.Web/sites")]
    public void Resource_logs_of_each_service_go_to_log_analytics(string type)
    {
        var module = template.Module("diagnostics");
        var diagnostics = CompiledTemplate.TemplateOf(module);

        var setting = Assert.Single(CompiledTemplate.Resources(diagnostics, "Microsoft.Insights/diagnosticSettings"),
            d => d.GetProperty("scope").GetString()!.StartsWith($"[resourceId('{type}', ", StringComparison.Ordinal));
        Assert.Equal("[parameters('workspaceResourceId')]", setting.Properties().GetProperty("workspaceId").GetString());
        Assert.Equal("[variables('allLogs')]", setting.Properties().GetProperty("logs").GetString());
        Assert.NotEmpty(setting.Properties().GetProperty("metrics").EnumerateArray());
        Assert.EndsWith("'log-analytics'), '2025-04-01').outputs.resourceId.value]", CompiledTemplate.ParameterPassedTo(module, "workspaceResourceId").GetString(), StringComparison.Ordinal);
        var allLogs = Assert.Single(diagnostics.At("variables", "allLogs").EnumerateArray());
        Assert.Equal("allLogs", allLogs.GetProperty("categoryGroup").GetString());
        Assert.True(allLogs.GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public void Alerts_go_to_an_action_group_that_mails_the_address_azd_asks_for()
    {
        var group = template.Single("Microsoft.Insights/actionGroups");
        var receiver = Assert.Single(group.Properties().GetProperty("emailReceivers").EnumerateArray());
        using var parameters = JsonDocument.Parse(File.ReadAllText(Repository.Path("infra", "main.parameters.json")));

        Assert.Equal("[parameters('alertEmailAddress')]", receiver.GetProperty("emailAddress").GetString());
        Assert.Equal("[parameters('alertEmailAddress')]", CompiledTemplate.ParameterPassedTo(template.Module("alerts"), "alertEmailAddress").GetString());
        Assert.False(template.Root.At("parameters", "alertEmailAddress").TryGetProperty("defaultValue", out _));
        Assert.Equal("${ALERT_EMAIL_ADDRESS}", parameters.RootElement.At("parameters", "alertEmailAddress", "value").GetString());
    }

    [Fact]
    public void Every_alert_rule_queries_application_insights_and_notifies_the_action_group()
    {
        var rule = template.Single("Microsoft.Insights/scheduledQueryRules");
        var criterion = Assert.Single(rule.Properties().At("criteria", "allOf").EnumerateArray());

        Assert.Equal("[length(variables('rules'))]", rule.At("copy", "count").GetString());
        Assert.Equal("[parameters('applicationInsightsResourceId')]", Assert.Single(rule.Properties().GetProperty("scopes").EnumerateArray()).GetString());
        Assert.Equal("[resourceId('Microsoft.Insights/actionGroups', parameters('name'))]", Assert.Single(rule.Properties().At("actions", "actionGroups").EnumerateArray()).GetString());
        Assert.Equal("Count", criterion.GetProperty("timeAggregation").GetString());
        Assert.Equal("GreaterThan", criterion.GetProperty("operator").GetString());
        Assert.Equal(0, criterion.GetProperty("threshold").GetInt32());
        Assert.EndsWith("'application-insights'), '2025-04-01').outputs.resourceId.value]", CompiledTemplate.ParameterPassedTo(template.Module("alerts"), "applicationInsightsResourceId").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("reminders-dead-lettered", PortalMetrics.RemindersDeadLettered)]
    [InlineData("notifications-dead-lettered", PortalMetrics.NotificationsDeadLettered)]
    [InlineData("publication-poisoned", PortalMetrics.PublicationsPoisoned)]
    [InlineData("sweep-lag", PortalMetrics.SweepLag)]
    public void Alert_rules_read_the_metrics_the_app_emits_by_their_names_in_code(string rule, string metric)
    {
        Assert.Contains($"customMetrics | where name == \"{metric}\"", Rule(rule).GetProperty("query").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Sweep_lag_alerts_after_an_hour_or_when_no_sweep_ran_at_all()
    {
        var sweep = Rule("sweep-lag");

        Assert.Equal("PT1H", sweep.GetProperty("window").GetString());
        Assert.Contains("where Runs == 0 or LagSeconds > {0}", sweep.GetProperty("query").GetString(), StringComparison.Ordinal);
        Assert.Equal(3600, Alerts.At("parameters", "sweepLagThresholdSeconds", "defaultValue").GetInt32());
    }

    [Fact]
    public void Server_error_rate_alert_counts_5xx_responses_among_all_requests()
    {
        var query = Rule("http-5xx-rate").GetProperty("query").GetString()!;

        Assert.Contains("requests | summarize Total = count(), Failed = countif(toint(resultCode) >= 500)", query, StringComparison.Ordinal);
        Assert.Equal(5, Alerts.At("parameters", "http5xxThresholdPercent", "defaultValue").GetInt32());
    }

    [Fact]
    public void The_worker_sends_telemetry_to_application_insights_with_its_identity()
    {
        Assert.EndsWith("'application-insights'), '2025-04-01').outputs.connectionString.value]", template.AppSettings["APPLICATIONINSIGHTS_CONNECTION_STRING"], StringComparison.Ordinal);
        Assert.Contains("Authorization=AAD", template.AppSettings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
    }
}
