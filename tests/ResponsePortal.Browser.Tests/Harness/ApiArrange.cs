using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace ResponsePortal.Browser.Tests.Harness;

/// <summary>Arranges data through the real API, the way the secretariat's pages would.</summary>
public static class ApiArrange
{
    public static async Task RegisterCommunicationAsync(this PortalFixture portal, string reference, string addresseeId, string subject)
    {
        using var api = portal.Api("secretariat");
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(JsonSerializer.Serialize(new
        {
            reference,
            addresseeId,
            subject,
            summary = "A letter registered by a browser test.",
            mandates = new[] { "Special Rapporteur on the sale and sexual exploitation of children" },
            sentOn = "2021-01-25",
            replyWindowDays = 60,
        }, new JsonSerializerOptions(JsonSerializerDefaults.Web))), "communication");
        var letter = new ByteArrayContent(TestFiles.Pdf("Browser test letter"));
        letter.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(letter, "letter", "letter.pdf");
        var response = await api.PostAsync("api/communications", form);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Registering {reference} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task<JsonElement> GetJsonAsync(this PortalFixture portal, string persona, string path)
    {
        using var api = portal.Api(persona);
        var response = await api.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} as {persona}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
