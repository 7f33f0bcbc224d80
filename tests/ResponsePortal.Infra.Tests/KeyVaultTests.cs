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
}
