using Xunit;

namespace ResponsePortal.Infra.Tests;

public class KeyVaultTests
{
    private readonly CompiledTemplate template = CompiledTemplate.ForMain;

    [Fact]
    public void Key_vault_authorizes_with_azure_rbac_not_access_policies()
    {
        var vault = template.Single("Microsoft.KeyVault/vaults").Properties();

        Assert.True(vault.GetProperty("enableRbacAuthorization").GetBoolean());
        Assert.False(vault.TryGetProperty("accessPolicies", out _));
    }

    [Fact]
    public void Key_vault_keeps_deleted_secrets_recoverable()
    {
        var vault = template.Single("Microsoft.KeyVault/vaults").Properties();

        Assert.True(vault.GetProperty("enableSoftDelete").GetBoolean());
        Assert.True(vault.GetProperty("enablePurgeProtection").GetBoolean());
    }

    [Fact]
    public void Template_creates_no_secret_values()
    {
        Assert.Empty(template.Resources("Microsoft.KeyVault/vaults/secrets"));
        Assert.Empty(template.Resources("Microsoft.KeyVault/vaults/keys"));
    }

    [Fact]
    public void Key_vault_name_carries_the_instance_the_hooks_renew_after_azd_down()
    {
        using var parameters = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Repository.Path("infra", "main.parameters.json")));
        var name = template.Root.At("variables", "names").GetProperty("keyVault").GetString()!;

        Assert.Contains("parameters('keyVaultInstance')", name, StringComparison.Ordinal);
        Assert.Equal(6, template.Root.At("parameters", "keyVaultInstance", "maxLength").GetInt32());
        Assert.Equal("${KEY_VAULT_INSTANCE}", parameters.RootElement.At("parameters", "keyVaultInstance", "value").GetString());
    }
}
