using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace ResponsePortal.Infra.Tests;

/// <summary>
/// The portal pages' headers in Azure: web/staticwebapp.config.json, and scripts/portal-config.mjs, which writes the
/// deployment's hosts into its Content-Security-Policy and puts the placeholders back (docs/security-headers.md).
/// </summary>
public sealed class StaticWebAppConfigTests : IDisposable
{
    private readonly DirectoryInfo _web = Directory.CreateTempSubdirectory("portal-web-");

    public void Dispose() => _web.Delete(recursive: true);

    private static Dictionary<string, string> GlobalHeaders(string path)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        return config.RootElement.GetProperty("globalHeaders").EnumerateObject().ToDictionary(h => h.Name, h => h.Value.GetString()!);
    }

    private static Dictionary<string, string> Directives(string policy)
        => policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d.Contains(' ', StringComparison.Ordinal) ? d[(d.IndexOf(' ', StringComparison.Ordinal) + 1)..] : "");

    private static Dictionary<string, string> Committed => GlobalHeaders(Repository.Path("web", "staticwebapp.config.json"));

    [Fact]
    public void The_policy_allows_scripts_and_styles_from_the_portal_only_and_no_framing()
    {
        var policy = Directives(Committed["Content-Security-Policy"]);

        Assert.Equal("'none'", policy["default-src"]);
        Assert.Equal("'self'", policy["script-src"]);
        Assert.Equal("'self'", policy["style-src"]);
        Assert.Equal("'none'", policy["frame-ancestors"]);
        Assert.Equal("'none'", policy["object-src"]);
        Assert.Equal("'none'", policy["base-uri"]);
        Assert.Equal("'self'", policy["form-action"]);
        Assert.Equal("'self' __API_ORIGIN__ __SIGN_IN_ORIGIN__ __BLOB_ORIGIN__", policy["connect-src"]);
        Assert.DoesNotContain("unsafe", Committed["Content-Security-Policy"], StringComparison.Ordinal);
        Assert.DoesNotContain("*", Committed["Content-Security-Policy"], StringComparison.Ordinal);
    }

    [Fact]
    public void The_other_headers_are_the_ones_a_security_review_expects()
    {
        var headers = Committed;

        Assert.Equal("max-age=31536000; includeSubDomains", headers["Strict-Transport-Security"]);
        Assert.Equal("nosniff", headers["X-Content-Type-Options"]);
        Assert.Equal("no-referrer", headers["Referrer-Policy"]);
        Assert.Equal("DENY", headers["X-Frame-Options"]);
        foreach (var feature in new[] { "camera", "microphone", "geolocation", "payment", "usb" })
        {
            Assert.Contains($"{feature}=()", headers["Permissions-Policy"], StringComparison.Ordinal);
        }
    }

    private (int ExitCode, string Error) RunPortalConfig(params string[] arguments)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository.Root };
        start.ArgumentList.Add(Repository.Path("scripts", "portal-config.mjs"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["PORTAL_WEB_DIR"] = _web.FullName;
        start.Environment["ENTRA_TENANT_ID"] = "7f3c1a52-1d0e-4c57-9a43-0d7b3b7c2a11";
        start.Environment["ENTRA_PORTAL_CLIENT_ID"] = "portal";
        start.Environment["ENTRA_API_CLIENT_ID"] = "api";
        start.Environment["AZURE_FUNCTION_APP_URL"] = "https://func-abc.azurewebsites.net";
        start.Environment["AZURE_STORAGE_BLOB_ENDPOINT"] = "https://stabc.blob.core.windows.net/";
        start.Environment.Remove("ENTRA_INSTANCE");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node is not installed: apt-get install nodejs");
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "portal-config.mjs did not finish within a minute.");
        return (process.ExitCode, error.Result);
    }

    [Fact]
    public void The_deploy_writes_the_deployments_hosts_into_the_policy_and_puts_the_placeholders_back_afterwards()
    {
        var copy = Path.Combine(_web.FullName, "staticwebapp.config.json");
        File.Copy(Repository.Path("web", "staticwebapp.config.json"), copy);

        var deploy = RunPortalConfig();
        var deployed = GlobalHeaders(copy);
        var deployedOnce = File.ReadAllText(copy);
        var twice = RunPortalConfig();
        var deployedTwice = File.ReadAllText(copy);
        var restore = RunPortalConfig("--template");

        Assert.True(deploy.ExitCode == 0, deploy.Error);
        Assert.True(twice.ExitCode == 0, twice.Error);
        Assert.True(restore.ExitCode == 0, restore.Error);
        var policy = Directives(deployed["Content-Security-Policy"]);
        Assert.Equal("'self' https://func-abc.azurewebsites.net https://login.microsoftonline.com https://stabc.blob.core.windows.net", policy["connect-src"]);
        Assert.Equal("'self' https://login.microsoftonline.com", policy["frame-src"]);
        Assert.Equal(Directives(Committed["Content-Security-Policy"]).Where(d => d.Key is not ("connect-src" or "frame-src")), policy.Where(d => d.Key is not ("connect-src" or "frame-src")));
        Assert.Equal(Committed.Where(h => h.Key != "Content-Security-Policy"), deployed.Where(h => h.Key != "Content-Security-Policy"));
        Assert.Equal(deployedOnce, deployedTwice);
        Assert.Equal(File.ReadAllText(Repository.Path("web", "staticwebapp.config.json")), File.ReadAllText(copy));
        Assert.Equal("https://func-abc.azurewebsites.net", JsonDocument.Parse(File.ReadAllText(Path.Combine(_web.FullName, "config.json"))).RootElement.GetProperty("apiBaseUrl").GetString());
    }
}
