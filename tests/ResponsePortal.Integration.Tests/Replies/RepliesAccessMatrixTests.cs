using System.Net.Http.Headers;
using System.Text;
using ResponsePortal.DevHost.Hosting;
using ResponsePortal.Integration.Tests.Harness;

namespace ResponsePortal.Integration.Tests.Replies;

/// <summary>Every reply route against every persona: the addressee reaches only its own letter, the secretariat reads all, anonymous gets 401.</summary>
public sealed class RepliesAccessMatrixTests : RepliesHarness
{
    private const string Persona_Anonymous = "anonymous";
    private static readonly string[] Personas = ["secretariat", "usa", "romania", "uk", "facebook", Persona_Anonymous];

    /// <summary>Expected status per route for: secretariat, usa, romania, uk, facebook, anonymous.</summary>
    private static readonly Dictionary<string, int[]> Expected = new()
    {
        ["UploadReply"] = [403, 201, 404, 404, 404, 401],
        ["ListMyReplies"] = [403, 200, 404, 404, 404, 401],
        ["GetMyReceipt"] = [403, 200, 404, 404, 404, 401],
        ["DownloadMyReplyFile"] = [403, 200, 404, 404, 404, 401],
        ["ListReplies"] = [200, 403, 403, 403, 403, 401],
        ["GetReply"] = [200, 403, 403, 403, 403, 401],
        ["GetReceipt"] = [200, 403, 403, 403, 403, 401],
        ["DownloadReplyFile"] = [200, 403, 403, 403, 403, 401],
        ["DecideConfidentiality"] = [200, 403, 403, 403, 403, 401],
        ["GetReceiptPublicKey"] = [200, 200, 200, 200, 200, 200],
        ["OpenUploadSession"] = [403, 200, 404, 404, 404, 401],
        // Only the addressee that uploaded may make a reply of its sessions; the others do not find them.
        ["ReplyFromUploads"] = [403, 201, 404, 404, 404, 401],
    };

    [Fact]
    public void The_matrix_covers_every_reply_route()
    {
        var replyFunctions = FunctionCatalog.All.Where(f => f.FunctionClass.Namespace == "ResponsePortal.Functions.Replies").Select(f => f.Name).Order();

        Assert.Equal(Expected.Keys.Order(), replyFunctions);
    }

    [Fact]
    public async Task Every_reply_route_answers_every_persona_as_expected()
    {
        var upload = await UploadAsync("usa", UsaSlug, ReplyForm([("reply.pdf", Pdf())], new Dictionary<string, string>
        {
            ["confidentialityCategory"] = "other",
            ["confidentialityReason"] = "Test.",
        }));
        var replyId = upload.Json.GetProperty("id").GetString()!;
        var sessionId = await StagedUploadAsync();
        var routeValues = new Dictionary<string, string> { ["slug"] = UsaSlug, ["replyId"] = replyId, ["index"] = "1" };
        var mismatches = new List<string>();

        foreach (var function in FunctionCatalog.All.Where(f => Expected.ContainsKey(f.Name)))
        {
            for (int p = 0; p < Personas.Length; p++)
            {
                var persona = Personas[p];
                var path = "/" + function.HttpRoute.Replace("{slug}", UsaSlug).Replace("{replyId}", replyId).Replace("{index}", "1");
                var request = Request(function.HttpMethods[0], path, persona == Persona_Anonymous ? null : TokenFor(persona), Body(function.Name, sessionId));
                var result = await FunctionInvoker.InvokeAsync(Services, function, parameter =>
                    parameter.ParameterType == typeof(Microsoft.AspNetCore.Http.HttpRequest) ? request
                    : parameter.ParameterType == typeof(CancellationToken) ? CancellationToken.None
                    : routeValues.GetValueOrDefault(parameter.Name!));
                var response = await ExecuteAsync(request, (Microsoft.AspNetCore.Mvc.IActionResult)result!);
                if (response.Status != Expected[function.Name][p])
                {
                    mismatches.Add($"{function.Name} as {persona}: {response.Status}, expected {Expected[function.Name][p]}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    /// <summary>The USA's upload session for one small file, its one block already in storage.</summary>
    private async Task<string> StagedUploadAsync()
    {
        var request = Request("POST", $"/api/me/communications/{UsaSlug}/uploads", TokenFor("usa"),
            System.Net.Http.Json.JsonContent.Create(new { fileName = "staged.pdf", size = Pdf("Staged").Length, replyKey = "matrix" }));
        var session = (await ExecuteAsync(request, await Get<ResponsePortal.Functions.Replies.UploadSessionFunctions>().OpenUploadSession(request, UsaSlug, default))).Json;
        await new global::Azure.Storage.Blobs.Specialized.BlockBlobClient(new Uri(session.GetProperty("uploadUrl").GetString()!))
            .StageBlockAsync(ResponsePortal.Replies.UploadSession.BlockId(0), new MemoryStream(Pdf("Staged")));
        return session.GetProperty("id").GetString()!;
    }

    private static HttpContent? Body(string function, string sessionId)
    {
        switch (function)
        {
            case "UploadReply":
                return ReplyForm([("reply.pdf", Pdf())]);
            case "OpenUploadSession":
                return System.Net.Http.Json.JsonContent.Create(new { fileName = "reply.pdf", size = 1000, replyKey = "matrix-open" });
            case "ReplyFromUploads":
                return System.Net.Http.Json.JsonContent.Create(new { sessions = new[] { sessionId } });
            case "DecideConfidentiality":
                var json = new StringContent("""{"accepted": true}""", Encoding.UTF8);
                json.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                return json;
            default:
                return null;
        }
    }
}
