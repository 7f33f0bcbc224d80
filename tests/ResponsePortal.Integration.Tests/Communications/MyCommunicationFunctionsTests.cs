using ResponsePortal.Functions.Communications;
using ResponsePortal.Integration.Tests.Harness;

namespace ResponsePortal.Integration.Tests.Communications;

public sealed class MyCommunicationFunctionsTests : PortalHarness
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await this.SeedDemoAsync();
    }

    [Fact]
    public async Task Usa_member_lists_exactly_its_own_letters()
    {
        var request = Request("GET", "/api/me/communications", TokenFor("usa"));
        var response = await ExecuteAsync(request, await Get<MyCommunicationFunctions>().ListMyCommunications(request, default));

        Assert.Equal(200, response.Status);
        var references = response.Json.EnumerateArray().Select(c => c.GetProperty("reference").GetString()).ToList();
        Assert.Equal(["AL USA 2/2021"], references);
    }

    [Fact]
    public async Task Romania_member_gets_404_for_the_usa_letter()
    {
        var request = Request("GET", "/api/me/communications/al-usa-2-2021", TokenFor("romania"));
        var response = await ExecuteAsync(request, await Get<MyCommunicationFunctions>().GetMyCommunication(request, "al-usa-2-2021", default));

        Assert.Equal(404, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.DoesNotContain("USA", response.Json.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Romania_member_cannot_download_the_usa_letter()
    {
        var request = Request("GET", "/api/me/communications/al-usa-2-2021/letter", TokenFor("romania"));
        var response = await ExecuteAsync(request, await Get<MyCommunicationFunctions>().GetMyLetter(request, "al-usa-2-2021", default));

        Assert.Equal(404, response.Status);
    }

    [Fact]
    public async Task Usa_member_downloads_its_letter_with_its_hash()
    {
        var request = Request("GET", "/api/me/communications/al-usa-2-2021/letter", TokenFor("usa"));
        var response = await ExecuteAsync(request, await Get<MyCommunicationFunctions>().GetMyLetter(request, "al-usa-2-2021", default));

        Assert.Equal(200, response.Status);
        // The demo letter is a Word document: its words are in word/document.xml inside the package.
        using (var package = new System.IO.Compression.ZipArchive(new MemoryStream(response.Bytes)))
        using (var document = new StreamReader(package.GetEntry("word/document.xml")!.Open()))
        {
            Assert.Contains("AL USA 2/2021", await document.ReadToEndAsync());
        }
        var expected = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(response.Bytes));
        Assert.Equal($"sha-256=:{expected}:", response.Headers["Repr-Digest"]);
    }

    [Fact]
    public async Task Anonymous_call_gets_401()
    {
        var request = Request("GET", "/api/me/communications");
        var response = await ExecuteAsync(request, await Get<MyCommunicationFunctions>().ListMyCommunications(request, default));

        Assert.Equal(401, response.Status);
        Assert.Equal("Bearer", response.Headers["WWW-Authenticate"]);
    }
}
