using System.Text;
using ResponsePortal.Functions.Addressees;
using ResponsePortal.Integration.Tests.Harness;

namespace ResponsePortal.Integration.Tests.Communications;

public sealed class AddresseeFunctionsTests : PortalHarness
{
    private AddresseeFunctions Functions => Get<AddresseeFunctions>();

    private static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Secretariat_registers_a_state_with_a_contact_and_lists_them()
    {
        var save = Request("PUT", "/api/addressees/CHE", TokenFor("secretariat"), JsonBody("{\"kind\":\"State\",\"name\":\"Switzerland\",\"preferredLanguage\":\"fr\"}"));
        Assert.Equal(200, (await ExecuteAsync(save, await Functions.SaveAddressee(save, "CHE", default))).Status);
        var contact = Request("PUT", "/api/addressees/CHE/contacts/mission@example.org", TokenFor("secretariat"), JsonBody("{\"name\":\"Mission\",\"language\":\"fr\"}"));
        Assert.Equal(200, (await ExecuteAsync(contact, await Functions.SaveContact(contact, "CHE", "mission@example.org", default))).Status);

        var list = Request("GET", "/api/addressees/CHE/contacts", TokenFor("secretariat"));
        var response = await ExecuteAsync(list, await Functions.ListContacts(list, "CHE", default));

        Assert.Equal("mission@example.org", response.Json[0].GetProperty("email").GetString());
        Assert.Equal("fr", response.Json[0].GetProperty("language").GetString());
    }

    [Theory]
    [InlineData("XYZ", "{\"kind\":\"State\",\"name\":\"Nowhere\"}", 400)]
    [InlineData("acme", "{\"kind\":\"Planet\",\"name\":\"Acme\"}", 400)]
    [InlineData("acme", "{\"kind\":\"Company\",\"name\":\"\"}", 400)]
    [InlineData("acme", "{\"kind\":\"Company\",", 400)]
    [InlineData("Acme Inc", "{\"kind\":\"Company\",\"name\":\"Acme\"}", 400)]
    public async Task Invalid_addressee_is_refused_and_not_stored(string id, string body, int status)
    {
        var save = Request("PUT", $"/api/addressees/{id}", TokenFor("secretariat"), JsonBody(body));
        Assert.Equal(status, (await ExecuteAsync(save, await Functions.SaveAddressee(save, id, default))).Status);

        var list = Request("GET", "/api/addressees", TokenFor("secretariat"));
        Assert.Equal(0, (await ExecuteAsync(list, await Functions.ListAddressees(list, default))).Json.GetArrayLength());
    }

    [Fact]
    public async Task Contact_for_an_unknown_addressee_is_404()
    {
        var contact = Request("PUT", "/api/addressees/CHE/contacts/a@example.org", TokenFor("secretariat"), JsonBody("{}"));
        Assert.Equal(404, (await ExecuteAsync(contact, await Functions.SaveContact(contact, "CHE", "a@example.org", default))).Status);
    }

    [Fact]
    public async Task Addressee_cannot_manage_addressees()
    {
        var save = Request("PUT", "/api/addressees/CHE", TokenFor("usa"), JsonBody("{\"kind\":\"State\",\"name\":\"Switzerland\"}"));
        Assert.Equal(403, (await ExecuteAsync(save, await Functions.SaveAddressee(save, "CHE", default))).Status);
    }
}
