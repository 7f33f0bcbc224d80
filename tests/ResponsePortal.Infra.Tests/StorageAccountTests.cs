using System.Text.Json;
using Xunit;

namespace ResponsePortal.Infra.Tests;

public class StorageAccountTests
{
    private readonly CompiledTemplate template = CompiledTemplate.ForMain;

    private JsonElement Account => template.Single("Microsoft.Storage/storageAccounts").Properties();

    [Fact]
    public void Storage_account_refuses_shared_keys()
    {
        Assert.False(Account.GetProperty("allowSharedKeyAccess").GetBoolean());
        Assert.True(Account.GetProperty("defaultToOAuthAuthentication").GetBoolean());
    }

    [Fact]
    public void Storage_account_allows_no_anonymous_blob_access()
    {
        Assert.False(Account.GetProperty("allowBlobPublicAccess").GetBoolean());
    }

    [Fact]
    public void Storage_account_accepts_only_https_with_tls_1_2()
    {
        Assert.True(Account.GetProperty("supportsHttpsTrafficOnly").GetBoolean());
        Assert.Equal("TLS1_2", Account.GetProperty("minimumTlsVersion").GetString());
    }

    [Fact]
    public void Every_container_is_private()
    {
        var containers = template.Resources("Microsoft.Storage/storageAccounts/blobServices/containers")
            .Where(c => !c.TryGetProperty("existing", out _))
            .ToList();

        Assert.NotEmpty(containers);
        Assert.All(containers, c => Assert.Equal("None", c.Properties().GetProperty("publicAccess").GetString()));
    }

    [Fact]
    public void Blob_versioning_and_soft_delete_are_on()
    {
        var blobService = template.Single("Microsoft.Storage/storageAccounts/blobServices").Properties();

        Assert.True(blobService.GetProperty("isVersioningEnabled").GetBoolean());
        Assert.True(blobService.At("deleteRetentionPolicy", "enabled").GetBoolean());
        Assert.True(blobService.At("containerDeleteRetentionPolicy", "enabled").GetBoolean());
    }

    [Fact]
    public void Replies_get_an_immutability_policy_when_the_parameter_asks_for_one()
    {
        var storage = template.Module("storage");
        var policy = CompiledTemplate.Resources(
            CompiledTemplate.TemplateOf(storage),
            "Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies").Single();

        Assert.Equal("replies", CompiledTemplate.ParameterPassedTo(storage, "immutableContainerName").GetString());
        Assert.Equal("[parameters('replyImmutabilityDays')]", CompiledTemplate.ParameterPassedTo(storage, "immutabilityPeriodDays").GetString());
        Assert.Equal("[variables('hasImmutabilityPolicy')]", policy.GetProperty("condition").GetString());
        Assert.Equal("[parameters('immutabilityPeriodDays')]", policy.Properties().GetProperty("immutabilityPeriodSinceCreationInDays").GetString());
        Assert.Equal(0, template.Root.At("parameters", "replyImmutabilityDays", "defaultValue").GetInt32());
    }
}
