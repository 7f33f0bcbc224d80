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

    private async Task<int> SaveAsync(string path, string body, Func<Microsoft.AspNetCore.Http.HttpRequest, Task<Microsoft.AspNetCore.Mvc.IActionResult>> function, string method = "PUT")
    {
        var request = Request(method, path, TokenFor("secretariat"), body.Length == 0 ? null : JsonBody(body));
        return (await ExecuteAsync(request, await function(request))).Status;
    }

    [Fact]
    public async Task Every_change_to_an_addressee_its_contacts_and_members_is_in_its_audit_trail_with_who_when_and_what()
    {
        Assert.Equal(200, await SaveAsync("/api/addressees/CHE", "{\"kind\":\"State\",\"name\":\"Switzerland\"}", r => Functions.SaveAddressee(r, "CHE", default)));
        Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(200, await SaveAsync("/api/addressees/CHE", "{\"kind\":\"State\",\"name\":\"Swiss Confederation\",\"preferredLanguage\":\"fr\"}", r => Functions.SaveAddressee(r, "CHE", default)));
        Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(200, await SaveAsync("/api/addressees/CHE", "{\"kind\":\"State\",\"name\":\"Swiss Confederation\",\"preferredLanguage\":\"fr\"}", r => Functions.SaveAddressee(r, "CHE", default)));
        Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(200, await SaveAsync("/api/addressees/CHE/contacts/mission@example.org", "{\"name\":\"Mission\"}", r => Functions.SaveContact(r, "CHE", "mission@example.org", default)));
        Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(204, await SaveAsync("/api/addressees/CHE/contacts/mission@example.org", "", r => Functions.RemoveContact(r, "CHE", "mission@example.org", default), "DELETE"));
        Clock.Advance(TimeSpan.FromMinutes(1)); // entries of the same instant have no order between them
        Assert.Equal(200, await SaveAsync("/api/addressees/CHE/members/oid-1", "{\"displayName\":\"A. Officer\"}", r => Functions.SaveMember(r, "CHE", "oid-1", default)));

        var list = Request("GET", "/api/addressees/CHE/changes", TokenFor("secretariat"));
        var response = await ExecuteAsync(list, await Functions.ListAddresseeChanges(list, "CHE", default));

        Assert.Equal(200, response.Status);
        var changes = response.Json.EnumerateArray().ToList();
        Assert.Equal(["addressee-created", "addressee-changed", "contact-added", "contact-removed", "member-added"], changes.Select(c => c.GetProperty("kind").GetString()));
        Assert.All(changes, c => Assert.Equal("dev-secretariat-officer", c.GetProperty("actor").GetString()));
        var renamed = changes[1].GetProperty("data");
        Assert.Equal(("Switzerland", "Swiss Confederation", "fr"), (renamed.GetProperty("name.before").GetString(), renamed.GetProperty("name.after").GetString(), renamed.GetProperty("preferredLanguage.after").GetString()));
        Assert.False(renamed.TryGetProperty("kind.after", out _));
        Assert.Equal(Start.AddMinutes(1), changes[1].GetProperty("at").GetDateTimeOffset());
        Assert.Equal(("mission@example.org", "Mission"), (changes[3].GetProperty("data").GetProperty("email").GetString(), changes[3].GetProperty("data").GetProperty("name.before").GetString()));
    }

    [Fact]
    public async Task The_audit_trail_of_an_unknown_addressee_is_404_and_an_addressee_may_not_read_one()
    {
        var unknown = Request("GET", "/api/addressees/CHE/changes", TokenFor("secretariat"));
        var forbidden = Request("GET", "/api/addressees/CHE/changes", TokenFor("usa"));

        Assert.Equal(404, (await ExecuteAsync(unknown, await Functions.ListAddresseeChanges(unknown, "CHE", default))).Status);
        Assert.Equal(403, (await ExecuteAsync(forbidden, await Functions.ListAddresseeChanges(forbidden, "CHE", default))).Status);
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

    public static TheoryData<string> IdsThatCannotBeKeys => new() { "../USA", "<script>alert(1)</script>", "US#A", "USA?x", "..\\USA", "US\u0000A", Megabyte };

    /// <summary>Stands for a megabyte of text, so the test's name stays readable.</summary>
    private const string Megabyte = "(1 MB of text)";

    [Theory]
    [MemberData(nameof(IdsThatCannotBeKeys))]
    public async Task An_addressee_id_that_cannot_be_a_key_is_not_found_on_every_route(string id)
    {
        id = id == Megabyte ? new string('A', 1_000_000) : id;
        var token = TokenFor("secretariat");
        var get = Request("GET", "/api/addressees/x", token);
        var contacts = Request("GET", "/api/addressees/x/contacts", token);
        var saveContact = Request("PUT", "/api/addressees/x/contacts/a@example.org", token, JsonBody("{\"name\":\"A\"}"));
        var removeContact = Request("DELETE", "/api/addressees/x/contacts/a@example.org", token);
        var members = Request("GET", "/api/addressees/x/members", token);
        var saveMember = Request("PUT", "/api/addressees/x/members/user-1", token, JsonBody("{\"displayName\":\"A\"}"));
        var removeMember = Request("DELETE", "/api/addressees/x/members/user-1", token);

        var responses = new[]
        {
            await ExecuteAsync(get, await Functions.GetAddressee(get, id, default)),
            await ExecuteAsync(contacts, await Functions.ListContacts(contacts, id, default)),
            await ExecuteAsync(saveContact, await Functions.SaveContact(saveContact, id, "a@example.org", default)),
            await ExecuteAsync(removeContact, await Functions.RemoveContact(removeContact, id, "a@example.org", default)),
            await ExecuteAsync(members, await Functions.ListMembers(members, id, default)),
            await ExecuteAsync(saveMember, await Functions.SaveMember(saveMember, id, "user-1", default)),
            await ExecuteAsync(removeMember, await Functions.RemoveMember(removeMember, id, "user-1", default)),
        };

        Assert.All(responses, r => Assert.Equal((404, "application/problem+json"), (r.Status, r.ContentType)));
        Assert.All(responses, r => Assert.True(r.Body.Length < 2000, "The answer does not echo a megabyte of input."));
    }

    [Theory]
    [InlineData("mission\u202E@example.org", "{\"name\":\"Mission\"}", "U+202E")]
    [InlineData("mission@example.org", "{\"name\":\"Mis\\u0000sion\"}", "U+0000")]
    [InlineData("mission@example.org", "{\"name\":\"Mission\",\"name\":\"Other\"}", "not valid JSON")]
    [InlineData("a#b@example.org", "{\"name\":\"Mission\"}", "# or ?")]
    public async Task A_contact_that_could_mislead_is_refused_and_not_stored(string email, string body, string reason)
    {
        var save = Request("PUT", "/api/addressees/CHE", TokenFor("secretariat"), JsonBody("{\"kind\":\"State\",\"name\":\"Switzerland\"}"));
        Assert.Equal(200, (await ExecuteAsync(save, await Functions.SaveAddressee(save, "CHE", default))).Status);

        var contact = Request("PUT", "/api/addressees/CHE/contacts/x", TokenFor("secretariat"), JsonBody(body));
        var response = await ExecuteAsync(contact, await Functions.SaveContact(contact, "CHE", email, default));

        Assert.Equal(400, response.Status);
        Assert.Contains(reason, response.Json.GetProperty("detail").GetString());
        var list = Request("GET", "/api/addressees/CHE/contacts", TokenFor("secretariat"));
        Assert.Equal(0, (await ExecuteAsync(list, await Functions.ListContacts(list, "CHE", default))).Json.GetArrayLength());
    }

    [Theory]
    [InlineData("{\"kind\":\"Company\",\"name\":\"Acme\\u202E\"}", "U+202E")]
    [InlineData("{\"kind\":\"Company\",\"name\":\"Acme\\nInc\"}", "line break")]
    [InlineData("{\"kind\":\"Company\",\"name\":\"Acme\",\"isAdmin\":true}", "not valid JSON")]
    public async Task An_addressee_name_with_forbidden_characters_or_an_unknown_field_is_refused(string body, string reason)
    {
        var save = Request("PUT", "/api/addressees/acme", TokenFor("secretariat"), JsonBody(body));
        var response = await ExecuteAsync(save, await Functions.SaveAddressee(save, "acme", default));

        Assert.Equal(400, response.Status);
        Assert.Contains(reason, response.Json.GetProperty("detail").GetString());
    }
}
