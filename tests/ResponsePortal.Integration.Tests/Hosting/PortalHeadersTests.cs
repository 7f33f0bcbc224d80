using ResponsePortal.DevHost.Hosting;

namespace ResponsePortal.Integration.Tests.Hosting;

public sealed class PortalHeadersTests : IDisposable
{
    private readonly string _config = Path.Combine(Path.GetTempPath(), $"swa-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_config);

    private IReadOnlyDictionary<string, string> Load(string policy, string? signIn)
    {
        File.WriteAllText(_config, $$"""{ "globalHeaders": { "Content-Security-Policy": "{{policy}}", "X-Content-Type-Options": "nosniff" } }""");
        return PortalHeaders.Load(_config, "http://127.0.0.1:7071", signIn, "http://127.0.0.1:10000");
    }

    [Fact]
    public void Each_placeholder_becomes_the_hosts_origin()
    {
        var headers = Load("connect-src 'self' __API_ORIGIN__ __SIGN_IN_ORIGIN__ __BLOB_ORIGIN__; frame-src 'self' __SIGN_IN_ORIGIN__", "https://login.example");

        Assert.Equal("connect-src 'self' http://127.0.0.1:7071 https://login.example http://127.0.0.1:10000; frame-src 'self' https://login.example", headers["Content-Security-Policy"]);
        Assert.Equal("nosniff", headers["X-Content-Type-Options"]);
    }

    [Fact]
    public void Without_a_sign_in_authority_its_placeholder_leaves_no_gap()
    {
        var headers = Load("connect-src 'self' __API_ORIGIN__ __SIGN_IN_ORIGIN__ __BLOB_ORIGIN__; frame-src 'self' __SIGN_IN_ORIGIN__; frame-ancestors 'none'", null);

        Assert.Equal("connect-src 'self' http://127.0.0.1:7071 http://127.0.0.1:10000; frame-src 'self'; frame-ancestors 'none'", headers["Content-Security-Policy"]);
    }

    [Fact]
    public void An_origin_is_scheme_host_and_port_without_the_path()
        => Assert.Equal("http://127.0.0.1:10000", PortalHeaders.Origin(new Uri("http://127.0.0.1:10000/devstoreaccount1")));
}
