using System.Net.Http.Headers;
using System.Text;

namespace ResponsePortal.Integration.Tests.Replies;

/// <summary>How a reply's multipart body is read: which parts it takes, how its text is decoded, how its files are checked.</summary>
public sealed class ReplyFormsTests : RepliesHarness
{
    private static ByteArrayContent File(byte[] bytes)
    {
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return part;
    }

    private static ByteArrayContent Field(byte[] bytes) => new(bytes);

    public static TheoryData<string, int, string> BadReplies => new()
    {
        { "file-name-right-to-left-override", 400, "U+202E" },
        { "file-name-control-character", 400, "U+0007" },
        { "file-in-an-unknown-part", 400, "\"annex\"" },
        { "text-in-the-files-part", 400, "holds a file" },
        { "unknown-field", 400, "Unknown form field" },
        { "repeated-field", 400, "given twice" },
        { "invalid-utf8-note", 400, "not valid UTF-8" },
        { "note-with-nul", 400, "U+0000" },
        { "reason-with-override", 400, "U+202E" },
        { "truncated-pdf", 415, "%%EOF" },
        { "file-name-star-cut-short", 400, "well-formed Content-Disposition" },
    };

    [Theory]
    [MemberData(nameof(BadReplies))]
    public async Task Bad_reply_forms_get_a_4xx_naming_the_problem_and_store_nothing(string caseName, int status, string detail)
    {
        var form = new MultipartFormDataContent();
        switch (caseName)
        {
            case "file-name-right-to-left-override":
                form.Add(File(Pdf()), "files", "reply\u202Etxt.exe");
                break;
            case "file-name-control-character":
                form.Add(File(Pdf()), "files", "re\u0007ply.pdf");
                break;
            case "file-in-an-unknown-part":
                form.Add(File(Pdf()), "files", "reply.pdf");
                form.Add(File(Pdf()), "annex", "annex.pdf");
                break;
            case "text-in-the-files-part":
                form.Add(Field(Encoding.UTF8.GetBytes("not a file")), "files");
                break;
            case "unknown-field":
                form.Add(File(Pdf()), "files", "reply.pdf");
                form.Add(Field([]), "isAdmin");
                break;
            case "repeated-field":
                form.Add(File(Pdf()), "files", "reply.pdf");
                form.Add(Field(Encoding.UTF8.GetBytes("en")), "language");
                form.Add(Field(Encoding.UTF8.GetBytes("fr")), "language");
                break;
            case "invalid-utf8-note":
                form.Add(File(Pdf()), "files", "reply.pdf");
                form.Add(Field([.. Encoding.UTF8.GetBytes("Our reply "), 0xFF, 0xFE]), "note");
                break;
            case "note-with-nul":
                form.Add(File(Pdf()), "files", "reply.pdf");
                form.Add(Field(Encoding.UTF8.GetBytes("Our\u0000reply")), "note");
                break;
            case "reason-with-override":
                form.Add(File(Pdf()), "files", "reply.pdf");
                form.Add(Field(Encoding.UTF8.GetBytes("privacy-of-victims")), "confidentialityCategory");
                form.Add(Field(Encoding.UTF8.GetBytes("Names \u202Eof victims")), "confidentialityReason");
                break;
            case "file-name-star-cut-short":
                // Found by MalformedRequestFuzzTests (a body cut inside a part header): the header library throws ArgumentNullException on it.
                var cut = File(Pdf());
                cut.Headers.TryAddWithoutValidation("Content-Disposition", "form-data; name=\"files\"; filename*");
                form.Add(cut);
                break;
            case "truncated-pdf":
                form.Add(File(Pdf()), "files", "reply.pdf");
                form.Add(File(Pdf()[..40]), "files", "annex.pdf");
                break;
        }

        var response = await UploadAsync("usa", UsaSlug, form);

        Assert.Equal(status, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Contains(detail, response.Json.GetProperty("detail").GetString());
        Assert.Equal((0, 0, 0, 0), await StorageStateAsync());
    }

    [Fact]
    public async Task A_note_on_several_lines_in_any_script_is_kept_as_written()
    {
        var note = "Réponse de l’État.\r\n\tرد الدولة";
        var response = await UploadAsync("usa", UsaSlug, ReplyForm([("reply.pdf", Pdf())], new Dictionary<string, string> { ["note"] = note }));

        Assert.Equal(201, response.Status);
        Assert.Equal(note, response.Json.GetProperty("note").GetString());
    }
}
