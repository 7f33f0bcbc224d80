using System.Text.RegularExpressions;
using Xunit;

namespace ResponsePortal.Infra.Tests;

public class RoleAssignmentTests
{
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string ServiceBusDataSender = "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39";
    private const string ServiceBusDataReceiver = "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    private readonly CompiledTemplate template = CompiledTemplate.ForMain;

    [Fact]
    public void Every_role_assignment_is_named_by_guid_of_scope_principal_and_role()
    {
        var assignments = template.Resources("Microsoft.Authorization/roleAssignments");

        Assert.NotEmpty(assignments);
        Assert.All(assignments, a => Assert.Matches(
            new Regex(@"^\[guid\(resourceId\('[^']+', .+\), (variables\('appPrincipalKey'\)|parameters\('userPrincipalId'\)), variables\('\w+'\)(\[copyIndex\(\)\]|\.\w+)\)\]$"),
            a.GetProperty("name").GetString()));
    }

    [Fact]
    public void Every_role_assignment_lives_in_rbac_bicep()
    {
        var inRbac = CompiledTemplate.Resources(CompiledTemplate.TemplateOf(template.Module("rbac")), "Microsoft.Authorization/roleAssignments");

        Assert.Equal(template.Resources("Microsoft.Authorization/roleAssignments").Count, inRbac.Count);
    }

    [Fact]
    public void App_identity_gets_the_data_roles_the_portal_uses()
    {
        var rbac = CompiledTemplate.TemplateOf(template.Module("rbac"));
        var roleIds = rbac.At("variables", "roles").EnumerateObject().ToDictionary(p => $"[variables('roles').{p.Name}]", p => p.Value.GetString()!);
        string[] Granted(string variable) => rbac.At("variables", variable).EnumerateArray().Select(e => roleIds[e.GetString()!]).ToArray();
        string GrantedBy(string roleExpression) => roleIds[$"[variables('roles').{roleExpression}]"];
        var singleAppAssignments = CompiledTemplate.Resources(rbac, "Microsoft.Authorization/roleAssignments")
            .Where(a => a.GetProperty("name").GetString()!.Contains("appPrincipalKey", StringComparison.Ordinal)
                && !a.TryGetProperty("copy", out _))
            .Select(a => GrantedBy(Regex.Match(a.Properties().GetProperty("roleDefinitionId").GetString()!, @"variables\('roles'\)\.(\w+)").Groups[1].Value))
            .ToArray();

        Assert.Equal<string>([StorageBlobDataOwner, StorageTableDataContributor, StorageQueueDataContributor], Granted("appStorageRoles"));
        Assert.Equal<string>([ServiceBusDataSender, ServiceBusDataReceiver], Granted("appReminderQueueRoles"));
        Assert.Equal<string>([KeyVaultSecretsUser, MonitoringMetricsPublisher], singleAppAssignments);
    }

    [Theory]
    [InlineData("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner")]
    [InlineData("b24988ac-6180-42a0-ab88-20f7382dd24c", "Contributor")]
    [InlineData("18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", "User Access Administrator")]
    [InlineData("17d1049b-9a84-46fb-8f53-869881c3d3ab", "Storage Account Contributor")]
    [InlineData("090c5cfd-751d-490a-894a-3ce6f1109419", "Azure Service Bus Data Owner")]
    [InlineData("00482a5a-887f-4fb3-b363-3b7fe8e74483", "Key Vault Administrator")]
    public void No_principal_gets_a_broad_role(string roleDefinitionId, string roleName)
    {
        Assert.False(template.Json.Contains(roleDefinitionId, StringComparison.OrdinalIgnoreCase), $"The template grants {roleName}.");
    }

    [Fact]
    public void Service_bus_roles_are_scoped_to_the_reminders_queue_only()
    {
        var queueAssignments = template.Resources("Microsoft.Authorization/roleAssignments")
            .Where(a => a.GetProperty("name").GetString()!.Contains("appReminderQueueRoles", StringComparison.Ordinal))
            .ToList();

        var assignment = Assert.Single(queueAssignments);
        Assert.StartsWith("[resourceId('Microsoft.ServiceBus/namespaces/queues', ", assignment.GetProperty("scope").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Deploying_user_gets_roles_only_when_azd_passes_a_principal()
    {
        var userAssignments = template.Resources("Microsoft.Authorization/roleAssignments")
            .Where(a => a.GetProperty("name").GetString()!.Contains("parameters('userPrincipalId')", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(userAssignments);
        Assert.All(userAssignments, a => Assert.Equal("[variables('grantUser')]", a.GetProperty("condition").GetString()));
    }
}
