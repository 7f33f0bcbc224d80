using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Xunit;

namespace ResponsePortal.Infra.Tests;

/// <summary>
/// The azd hooks (azure.yaml, infra/scripts) run for real with sh, against a fake <c>az</c> and <c>azd</c> on PATH that
/// record every call and answer with canned output, so what each hook asks Azure and in which order is asserted.
/// PowerShell is not installed here: the .ps1 twins are checked for making the same calls in the same order.
/// </summary>
public sealed class HookScriptTests : IDisposable
{
    private const string FakeAz = """
        #!/bin/sh
        { printf 'az'; for a in "$@"; do printf '\t%s' "$a"; done; echo; } >> "$FAKE_DIR/calls"
        case "$*" in
          "provider show"*) echo "${FAKE_PROVIDER_STATE:-Registered}" ;;
          "provider register"*) ;;
          "storage blob service-properties update"*) ;;
          "storage account show"*) echo "https://stexample.z6.web.core.windows.net/" ;;
          "keyvault secret list"*) if [ -n "${FAKE_SECRET_ID:-}" ]; then echo "$FAKE_SECRET_ID"; fi ;;
          "keyvault secret set"*)
            while [ $# -gt 0 ]; do
              if [ "$1" = "--file" ]; then cp "$2" "$FAKE_DIR/secret.pem"; ls -l "$2" | cut -c1-10 > "$FAKE_DIR/secret.mode"; fi
              shift
            done ;;
          "functionapp keys list"*)
            n=$(cat "$FAKE_DIR/key-polls" 2>/dev/null || echo 0); n=$((n + 1)); echo "$n" > "$FAKE_DIR/key-polls"
            if [ "$n" -ge "${FAKE_KEY_AFTER:-1}" ]; then echo "blobkey123"; fi ;;
          "eventgrid system-topic event-subscription create"*) ;;
          *) echo "fake az: unexpected call: $*" >&2; exit 2 ;;
        esac
        exit 0
        """;

    private const string FakeAzd = """
        #!/bin/sh
        { printf 'azd'; for a in "$@"; do printf '\t%s' "$a"; done; echo; } >> "$FAKE_DIR/calls"
        """;

    private readonly DirectoryInfo _fake = Directory.CreateTempSubdirectory("fake-az-");

    public HookScriptTests()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The hook tests run the posix hooks with sh on Linux (as CI does).");
        }
        var bin = Directory.CreateDirectory(Path.Combine(_fake.FullName, "bin"));
        foreach (var (name, script) in new[] { ("az", FakeAz), ("azd", FakeAzd) })
        {
            var path = Path.Combine(bin.FullName, name);
            File.WriteAllText(path, script.ReplaceLineEndings("\n") + "\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public void Dispose() => _fake.Delete(recursive: true);

    private sealed record Run(int ExitCode, string Output, string Error, IReadOnlyList<string[]> Calls);

    private Run RunHook(string script, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository.Root };
        start.ArgumentList.Add(Repository.Path("infra", "scripts", script));
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("AZURE_", StringComparison.Ordinal) || k.StartsWith("FAKE_", StringComparison.Ordinal) || k == "KEY_VAULT_INSTANCE").ToList())
        {
            start.Environment.Remove(key);
        }
        start.Environment["PATH"] = $"{Path.Combine(_fake.FullName, "bin")}:/usr/bin:/bin";
        start.Environment["FAKE_DIR"] = _fake.FullName;
        start.Environment["HOOK_RETRY_SECONDS"] = "0";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), $"{script} did not finish within a minute.");
        var callsFile = Path.Combine(_fake.FullName, "calls");
        var calls = File.Exists(callsFile) ? File.ReadAllLines(callsFile).Select(l => l.Split('\t')).ToList() : [];
        return new Run(process.ExitCode, output.Result, error.Result, calls);
    }

    /// <summary>The command of each call: the tool and its words up to the first option, e.g. "az provider show".</summary>
    private static List<string> Commands(Run run) => run.Calls.Select(c => string.Join(' ', c.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)))).ToList();

    private static string? Option(string[] call, string name) => call.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

    [Fact]
    public void Preprovision_registers_the_event_grid_provider_when_it_is_missing()
    {
        var run = RunHook("preprovision.sh", ("FAKE_PROVIDER_STATE", "NotRegistered"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(["az provider show", "az provider register"], Commands(run));
        Assert.Equal("Microsoft.EventGrid", Option(run.Calls[1], "--namespace"));
        Assert.Contains("--wait", run.Calls[1]);
    }

    [Fact]
    public void Preprovision_only_looks_when_the_provider_is_registered()
    {
        var run = RunHook("preprovision.sh", ("FAKE_PROVIDER_STATE", "Registered"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(["az provider show"], Commands(run));
    }

    [Fact]
    public void Postprovision_switches_on_the_public_site_then_stores_a_new_p256_signing_key_before_the_code_is_deployed()
    {
        var run = RunHook("postprovision.sh", ("AZURE_STORAGE_ACCOUNT_NAME", "stexample"), ("AZURE_KEY_VAULT_NAME", "kv-example-a1b2c3"), ("RECEIPT_SIGNING_KEY_SECRET_NAME", "receipt-signing-key"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(["az storage blob service-properties update", "az storage account show", "az keyvault secret list", "az keyvault secret set"], Commands(run));
        var set = run.Calls[3];
        Assert.Equal("kv-example-a1b2c3", Option(set, "--vault-name"));
        Assert.Equal("receipt-signing-key", Option(set, "--name"));
        Assert.Equal("application/x-pem-file", Option(set, "--content-type"));
        Assert.DoesNotContain("--value", set);
        Assert.False(File.Exists(Option(set, "--file")), "The key file is left behind.");
        Assert.Equal("-rw-------", File.ReadAllText(Path.Combine(_fake.FullName, "secret.mode")).Trim());
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(Path.Combine(_fake.FullName, "secret.pem")));
        Assert.Equal(ECCurve.NamedCurves.nistP256.Oid.Value, key.ExportParameters(false).Curve.Oid.Value);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(Path.Combine(_fake.FullName, "secret.pem")), StringComparison.Ordinal);
    }

    [Fact]
    public void Postprovision_never_replaces_an_existing_signing_key()
    {
        var run = RunHook("postprovision.sh", ("AZURE_STORAGE_ACCOUNT_NAME", "stexample"), ("AZURE_KEY_VAULT_NAME", "kv-example-a1b2c3"),
            ("FAKE_SECRET_ID", "https://kv-example-a1b2c3.vault.azure.net/secrets/receipt-signing-key"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.DoesNotContain("az keyvault secret set", Commands(run));
        Assert.Contains("exists; kept", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Postdeploy_waits_for_the_webhook_key_and_subscribes_the_app_url_from_the_outputs()
    {
        var run = RunHook("subscribe-intake.sh",
            ("AZURE_FUNCTION_APP_NAME", "func-example"), ("AZURE_FUNCTION_APP_URL", "https://func-example.azurewebsites.us/"),
            ("AZURE_RESOURCE_GROUP", "rg-example"), ("AZURE_INTAKE_SYSTEM_TOPIC_NAME", "evgt-intake-example"),
            ("AZURE_STORAGE_ACCOUNT_NAME", "stexample"), ("FAKE_KEY_AFTER", "3"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(["az functionapp keys list", "az functionapp keys list", "az functionapp keys list", "az eventgrid system-topic event-subscription create"], Commands(run));
        var create = run.Calls[3];
        Assert.Equal("https://func-example.azurewebsites.us/runtime/webhooks/blobs?functionName=Host.Functions.IntakePackage&code=blobkey123", Option(create, "--endpoint"));
        Assert.Equal("evgt-intake-example", Option(create, "--system-topic-name"));
        Assert.Equal("Microsoft.Storage.BlobCreated", Option(create, "--included-event-types"));
        Assert.Equal("/blobServices/default/containers/incoming/", Option(create, "--subject-begins-with"));
    }

    [Fact]
    public void Postdeploy_gives_up_with_a_clear_message_when_the_app_never_makes_its_key()
    {
        var run = RunHook("subscribe-intake.sh",
            ("AZURE_FUNCTION_APP_NAME", "func-example"), ("AZURE_FUNCTION_APP_URL", "https://func-example.azurewebsites.net"),
            ("AZURE_RESOURCE_GROUP", "rg-example"), ("AZURE_INTAKE_SYSTEM_TOPIC_NAME", "evgt-intake-example"),
            ("AZURE_STORAGE_ACCOUNT_NAME", "stexample"), ("FAKE_KEY_AFTER", "99"));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal(10, Commands(run).Count(c => c == "az functionapp keys list"));
        Assert.DoesNotContain("az eventgrid system-topic event-subscription create", Commands(run));
        Assert.Contains("did not appear", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Postdown_sets_a_new_key_vault_instance_so_the_next_up_gets_a_new_vault_name()
    {
        var first = RunHook("postdown.sh");
        var second = RunHook("postdown.sh");

        Assert.True(first.ExitCode == 0, first.Error);
        var calls = second.Calls;
        Assert.Equal(2, calls.Count);
        Assert.All(calls, c => Assert.Equal(["azd", "env", "set", "KEY_VAULT_INSTANCE"], c[..4]));
        Assert.All(calls, c => Assert.Matches("^[0-9a-f]{6}$", c[4]));
        Assert.NotEqual(calls[0][4], calls[1][4]);
    }

    [Fact]
    public void No_hook_script_assumes_the_public_cloud_dns_suffixes()
    {
        var scripts = Directory.EnumerateFiles(Repository.Path("infra", "scripts")).Where(f => !f.EndsWith("entra-app.sh", StringComparison.Ordinal));

        Assert.All(scripts, f => Assert.DoesNotMatch(@"azurewebsites\.net|core\.windows\.net|vault\.azure\.net", File.ReadAllText(f)));
    }

    [Fact]
    public void Every_hook_in_azure_yaml_has_a_posix_sh_and_a_windows_pwsh_script_that_exist()
    {
        var hooks = AzureYamlHooks();

        // The web service's own hooks (prepackage, postdeploy) are npm scripts written inline; the others are files.
        Assert.Equal(["postdeploy", "postdeploy", "postdown", "postprovision", "prepackage", "preprovision"], hooks.Select(h => h.Name).Order(StringComparer.Ordinal));
        // After the web deploy the placeholders go back into staticwebapp.config.json (docs/security-headers.md).
        Assert.Contains(hooks, h => h.Name == "postdeploy" && h.PosixRun.EndsWith("npm run portal:config -- --template", StringComparison.Ordinal)
            && h.WindowsRun.EndsWith("npm run portal:config -- --template", StringComparison.Ordinal));
        Assert.All(hooks, hook =>
        {
            Assert.Equal("sh", hook.PosixShell);
            Assert.Equal("pwsh", hook.WindowsShell);
            if (!hook.PosixRun.Contains("npm ", StringComparison.Ordinal))
            {
                Assert.True(File.Exists(Repository.Path(hook.PosixRun)), $"{hook.Name}: {hook.PosixRun} does not exist.");
                Assert.True(File.Exists(Repository.Path(hook.WindowsRun)), $"{hook.Name}: {hook.WindowsRun} does not exist.");
            }
        });
    }

    [Fact]
    public void Every_posix_script_parses()
    {
        foreach (var script in Directory.EnumerateFiles(Repository.Path("infra", "scripts"), "*.sh"))
        {
            using var check = Process.Start(new ProcessStartInfo("sh", ["-n", script]) { RedirectStandardError = true })!;
            var error = check.StandardError.ReadToEnd();
            check.WaitForExit();
            Assert.True(check.ExitCode == 0, $"{script}: {error}");
        }
    }

    [Theory]
    [InlineData("preprovision")]
    [InlineData("postprovision")]
    [InlineData("enable-static-website")]
    [InlineData("create-receipt-signing-key")]
    [InlineData("subscribe-intake")]
    [InlineData("postdown")]
    public void Each_windows_script_makes_the_same_calls_in_the_same_order_as_its_posix_twin(string script)
    {
        var posix = Calls(File.ReadAllText(Repository.Path("infra", "scripts", script + ".sh")));
        var windows = Calls(File.ReadAllText(Repository.Path("infra", "scripts", script + ".ps1")));

        Assert.NotEmpty(posix);
        Assert.Equal(posix, windows);
    }

    /// <summary>
    /// az and azd commands (words before the first option) where a command starts (line start, after "=" or "$("),
    /// and calls of sibling scripts, in file order; comments and messages do not count.
    /// </summary>
    private static List<string> Calls(string script)
        => Regex.Matches(script, @"(?m)(?:^[ \t]*(?:until |if )?|\$\(|=[ \t]*)(?<call>azd?(?: [a-z][a-z-]*)+)|/(?<script>[a-z-]+)\.(?:sh|ps1)""")
            .Where(m => !IsComment(script, m.Index))
            .Select(m => m.Groups["call"].Success ? m.Groups["call"].Value : m.Groups["script"].Value)
            .ToList();

    private static bool IsComment(string script, int index)
    {
        var lineStart = script.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
        return script[lineStart..index].TrimStart().StartsWith('#');
    }

    private sealed record Hook(string Name, string PosixShell, string PosixRun, string WindowsShell, string WindowsRun);

    /// <summary>Each hook block of azure.yaml (project and service hooks), read line by line: enough for its fixed shape.</summary>
    private static List<Hook> AzureYamlHooks()
    {
        var lines = File.ReadAllLines(Repository.Path("azure.yaml"));
        var hooks = new List<Hook>();
        for (var i = 0; i < lines.Length; i++)
        {
            var name = Regex.Match(lines[i], @"^\s+((?:pre|post)[a-z]+):\s*$");
            if (!name.Success)
            {
                continue;
            }
            var indent = lines[i].Length - lines[i].TrimStart().Length;
            var block = lines.Skip(i + 1).TakeWhile(l => l.Trim().Length == 0 || l.Length - l.TrimStart().Length > indent).ToList();
            string Value(string platform, string key)
            {
                var section = block.SkipWhile(l => l.Trim() != platform + ":").Skip(1).TakeWhile(l => !Regex.IsMatch(l.Trim(), @"^(posix|windows):$")).ToList();
                return section.Select(l => Regex.Match(l, $@"^\s+{key}:\s*(.+)$")).FirstOrDefault(m => m.Success)?.Groups[1].Value.Trim() ?? "";
            }
            hooks.Add(new Hook(name.Groups[1].Value, Value("posix", "shell"), Value("posix", "run"), Value("windows", "shell"), Value("windows", "run")));
        }
        return hooks;
    }
}
