using ResponsePortal.Azure.Identity;
using ResponsePortal.DevHost.Auth;
using ResponsePortal.Functions.Addressees;
using ResponsePortal.Functions.Communications;
using ResponsePortal.Integration.Tests.Harness;

namespace ResponsePortal.Integration.Tests.Identity;

/// <summary>Sign-in through the real JWT bearer pipeline that Microsoft.Identity.Web configures.</summary>
public sealed class CallerResolverTests : PortalHarness
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await this.SeedDemoAsync();
    }

    private async Task<Response> ListCommunicationsAsync(string? token)
    {
        var request = Request("GET", "/api/communications", token);
        return await ExecuteAsync(request, await Get<CommunicationFunctions>().ListCommunications(request, default));
    }

    private static Persona Secretariat => DevTokens.FindPersona("secretariat")!;

    [Fact]
    public async Task No_token_is_401()
    {
        Assert.Equal(401, (await ListCommunicationsAsync(null)).Status);
    }

    [Fact]
    public async Task Garbage_token_is_401()
    {
        Assert.Equal(401, (await ListCommunicationsAsync("not-a-jwt")).Status);
    }

    [Fact]
    public async Task Expired_token_is_401()
    {
        var token = Tokens.Issue(Secretariat, lifetime: TimeSpan.FromHours(1), issuedAt: DateTimeOffset.UtcNow.AddHours(-2));

        var response = await ListCommunicationsAsync(token);

        Assert.Equal(401, response.Status);
        Assert.Contains("not valid", response.Json.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Token_for_another_application_is_401()
    {
        Assert.Equal(401, (await ListCommunicationsAsync(Tokens.Issue(Secretariat, audience: "api://some-other-app"))).Status);
    }

    [Fact]
    public async Task Token_signed_with_another_key_is_401()
    {
        var forged = DevTokens.CreateEphemeral().Issue(Secretariat);

        Assert.Equal(401, (await ListCommunicationsAsync(forged)).Status);
    }

    [Fact]
    public async Task Addressee_role_on_a_secretariat_function_is_403()
    {
        Assert.Equal(403, (await ListCommunicationsAsync(TokenFor("usa"))).Status);
    }

    [Fact]
    public async Task Token_without_a_role_is_403()
    {
        Assert.Equal(403, (await ListCommunicationsAsync(Tokens.Issue("someone", "Someone", role: null))).Status);
    }

    [Fact]
    public async Task Addressee_user_without_membership_is_403_with_a_way_forward()
    {
        var request = Request("GET", "/api/me/communications", Tokens.Issue("new-officer", "New officer", AppRoles.Addressee));
        var response = await ExecuteAsync(request, await Get<MyCommunicationFunctions>().ListMyCommunications(request, default));

        Assert.Equal(403, response.Status);
        Assert.Contains("secretariat", response.Json.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Secretariat_token_is_accepted()
    {
        Assert.Equal(200, (await ListCommunicationsAsync(TokenFor("secretariat"))).Status);
    }

    [Fact]
    public async Task Membership_added_by_the_secretariat_lets_a_new_user_in()
    {
        var add = Request("PUT", "/api/addressees/ROU/members/new-officer", TokenFor("secretariat"), new StringContent("{\"displayName\":\"New officer\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(200, (await ExecuteAsync(add, await Get<AddresseeFunctions>().SaveMember(add, "ROU", "new-officer", default))).Status);

        var request = Request("GET", "/api/me/communications", Tokens.Issue("new-officer", "New officer", AppRoles.Addressee));
        var response = await ExecuteAsync(request, await Get<MyCommunicationFunctions>().ListMyCommunications(request, default));

        Assert.Equal(["AL ROU 1/2021"], response.Json.EnumerateArray().Select(c => c.GetProperty("reference").GetString()));
    }
}
