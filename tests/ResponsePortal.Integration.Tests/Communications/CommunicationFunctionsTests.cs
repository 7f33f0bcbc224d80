using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ResponsePortal.Azure.Storage;
using ResponsePortal.Communications;
using ResponsePortal.Functions.Communications;
using ResponsePortal.Integration.Tests.Harness;

namespace ResponsePortal.Integration.Tests.Communications;

public sealed class CommunicationFunctionsTests : PortalHarness
{
    private CommunicationFunctions Functions => Get<CommunicationFunctions>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await this.SeedDemoAsync();
    }

    private static object Draft(string reference = "AL USA 3/2021", string addressee = "USA") => new
    {
        reference,
        addresseeId = addressee,
        subject = "Follow-up on images shared online",
        summary = "A follow-up letter.",
        mandates = new[] { "Special Rapporteur on the sale and sexual exploitation of children" },
        sentOn = "2021-01-25",
    };

    private async Task<Response> RegisterAsync(MultipartFormDataContent form, string persona = "secretariat")
    {
        var request = Request("POST", "/api/communications", TokenFor(persona), form);
        return await ExecuteAsync(request, await Functions.RegisterCommunication(request, default));
    }

    private int StoredLetters() => Get<BlobServiceClient>().GetBlobContainerClient(StorageNames.LettersContainer).GetBlobs().Count();

    private int StoredCommunications() => Get<TableServiceClient>().GetTableClient(StorageNames.CommunicationsTable).Query<TableEntity>().Count();

    [Fact]
    public async Task Secretariat_registers_a_letter_and_gets_its_window_back()
    {
        var response = await RegisterAsync(Form(("communication", null, Json(Draft())), ("letter", "AL-USA-3-2021.pdf", Pdf())));

        Assert.Equal(201, response.Status);
        Assert.Equal("/api/communications/al-usa-3-2021", response.Headers["Location"]);
        Assert.Equal("2021-03-26T22:59:59.999+00:00", response.Json.GetProperty("closesAt").GetString());
        Assert.Equal("awaiting-reply", response.Json.GetProperty("phase").GetString());
        Assert.Equal(5, StoredCommunications());
    }

    [Fact]
    public async Task A_long_UTF8_letter_with_typographic_characters_registers_as_plain_text()
    {
        var letter = await File.ReadAllBytesAsync(ExampleLetter.Path);

        var response = await RegisterAsync(Form(("communication", null, Json(Draft())), ("letter", "letter.txt", letter)));

        Assert.Equal(201, response.Status);
        Assert.Equal(letter.Length, response.Json.GetProperty("letter").GetProperty("size").GetInt64());
        Assert.StartsWith("text/plain", response.Json.GetProperty("letter").GetProperty("contentType").GetString());
    }

    public static TheoryData<string, int, string> BadInputs => new()
    {
        { "malformed-json", 400, "not valid JSON" },
        { "unknown-addressee", 400, "no addressee" },
        { "invalid-reference", 400, "not a reference" },
        { "duplicate-reference", 409, "already registered" },
        { "html-as-pdf", 415, "web page" },
        { "no-letter", 400, "letter's file is required" },
        { "not-multipart", 415, "multipart/form-data" },
        { "unknown-field", 400, "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_gets_a_clear_4xx_and_stores_nothing(string caseName, int status, string detail)
    {
        var lettersBefore = StoredLetters();
        var form = caseName switch
        {
            "malformed-json" => Form(("communication", null, Text("{\"reference\": ")), ("letter", "l.pdf", Pdf())),
            "unknown-addressee" => Form(("communication", null, Json(Draft("AL CHE 1/2021", "CHE"))), ("letter", "l.pdf", Pdf())),
            "invalid-reference" => Form(("communication", null, Json(Draft("AL USA two/2021"))), ("letter", "l.pdf", Pdf())),
            "duplicate-reference" => Form(("communication", null, Json(Draft("AL USA 2/2021"))), ("letter", "l.pdf", Pdf())),
            "html-as-pdf" => Form(("communication", null, Json(Draft())), ("letter", "letter.pdf", Text("<!DOCTYPE html><script>alert(1)</script>"))),
            "no-letter" => Form(("communication", null, Json(Draft()))),
            "unknown-field" => Form(("communication", null, Text("{\"reference\":\"AL USA 3/2021\",\"isAdmin\":true}")), ("letter", "l.pdf", Pdf())),
            _ => null,
        };
        var response = caseName == "not-multipart"
            ? await ExecuteAsync(Request("POST", "/api/communications", TokenFor("secretariat"), new StringContent("{}", System.Text.Encoding.UTF8, "application/json")) is var request ? request : null!,
                await Functions.RegisterCommunication(request, default))
            : await RegisterAsync(form!);

        Assert.Equal(status, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Contains(detail, response.Json.GetProperty("detail").GetString());
        Assert.Equal(4, StoredCommunications());
        Assert.Equal(lettersBefore, StoredLetters());
    }

    [Fact]
    public async Task Addressee_cannot_register_letters()
    {
        var response = await RegisterAsync(Form(("communication", null, Json(Draft())), ("letter", "l.pdf", Pdf())), persona: "usa");

        Assert.Equal(403, response.Status);
        Assert.Equal(4, StoredCommunications());
    }

    [Fact]
    public async Task Case_registers_related_letters_together()
    {
        var caseDraft = new
        {
            id = "follow-up-2021",
            title = "Follow-up",
            communications = new object[]
            {
                new { communication = Draft("AL USA 3/2021", "USA"), letterFile = "usa" },
                new { communication = Draft("AL OTH 2/2021", "facebook"), letterFile = "facebook" },
            },
        };

        var request = Request("POST", "/api/cases", TokenFor("secretariat"), Form(("case", null, Json(caseDraft)), ("usa", "usa.pdf", Pdf("USA")), ("facebook", "fb.pdf", Pdf("FB"))));
        var response = await ExecuteAsync(request, await Functions.RegisterCase(request, default));

        Assert.Equal(201, response.Status);
        Assert.Equal(["al-usa-3-2021", "al-oth-2-2021"], response.Json.GetProperty("communications").EnumerateArray().Select(c => c.GetProperty("slug").GetString()));
        Assert.Equal(6, StoredCommunications());
    }

    [Fact]
    public async Task Case_with_one_bad_letter_stores_none_of_them()
    {
        var caseDraft = new
        {
            title = "Follow-up",
            communications = new object[]
            {
                new { communication = Draft("AL USA 3/2021", "USA"), letterFile = "usa" },
                new { communication = Draft("AL OTH 2/2021", "facebook"), letterFile = "missing" },
            },
        };
        var lettersBefore = StoredLetters();

        var request = Request("POST", "/api/cases", TokenFor("secretariat"), Form(("case", null, Json(caseDraft)), ("usa", "usa.pdf", Pdf())));
        var response = await ExecuteAsync(request, await Functions.RegisterCase(request, default));

        Assert.Equal(400, response.Status);
        Assert.Contains("communications[1].letterFile", response.Json.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(4, StoredCommunications());
        Assert.Equal(lettersBefore, StoredLetters());
    }

    [Theory]
    [InlineData("", 4)]
    [InlineData("?addressee=USA", 1)]
    [InlineData("?phase=awaiting-reply", 4)]
    [InlineData("?phase=no-reply", 0)]
    [InlineData("?replyStatus=none", 4)]
    [InlineData("?phase=closed,published", 0)]
    [InlineData("?q=al%20usa", 1)]
    [InlineData("?q=romania", 1)]
    [InlineData("?q=Great%20Britain", 1)]
    [InlineData("?q=instagram", 4)]
    [InlineData("?closingAfter=2021-03-26T00:00:00Z&closingBefore=2021-03-27T00:00:00Z", 4)]
    [InlineData("?closingAfter=2021-03-27T00:00:00Z", 0)]
    public async Task Secretariat_lists_communications_with_filters(string query, int expected)
    {
        var request = Request("GET", "/api/communications" + query, TokenFor("secretariat"));
        var response = await ExecuteAsync(request, await Functions.ListCommunications(request, default));

        Assert.Equal(200, response.Status);
        Assert.Equal(expected, response.Json.GetArrayLength());
    }

    [Theory]
    [InlineData("?phase=soon")]
    [InlineData("?replyStatus=replied")]
    [InlineData("?phase=closed,soon")]
    [InlineData("?closingAfter=yesterday")]
    [InlineData("?closingAfter=2021-04-01&closingBefore=2021-03-01")]
    public async Task Bad_filters_are_a_400(string query)
    {
        var request = Request("GET", "/api/communications" + query, TokenFor("secretariat"));
        var response = await ExecuteAsync(request, await Functions.ListCommunications(request, default));

        Assert.Equal(400, response.Status);
    }

    [Fact]
    public async Task Phase_follows_the_clock()
    {
        Clock.Advance(TimeSpan.FromDays(61));

        var request = Request("GET", "/api/communications/al-usa-2-2021", TokenFor("secretariat"));
        var response = await ExecuteAsync(request, await Functions.GetCommunication(request, "al-usa-2-2021", default));

        Assert.Equal("closed", response.Json.GetProperty("phase").GetString());
        Assert.Equal("none", response.Json.GetProperty("replyStatus").GetString());
        Assert.Equal("United States of America", response.Json.GetProperty("addresseeName").GetString());
    }

    private async Task<IReadOnlyList<string>> SlugsAsync(string query)
    {
        var request = Request("GET", "/api/communications" + query, TokenFor("secretariat"));
        var response = await ExecuteAsync(request, await Functions.ListCommunications(request, default));
        Assert.Equal(200, response.Status);
        return response.Json.EnumerateArray().Select(c => c.GetProperty("slug").GetString()!).Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task Publication_keeps_letters_closed_without_reply_and_answered_late_findable()
    {
        var repository = Get<ICommunicationRepository>();
        var late = await repository.FindAsync("al-rou-1-2021", default);
        late!.RecordReply(late.Window.ClosesAt.AddDays(2));
        Assert.True(await repository.TryUpdateAsync(late, default));
        Clock.Advance(TimeSpan.FromDays(70));
        foreach (var slug in new[] { "al-usa-2-2021", "al-rou-1-2021" })
        {
            var letter = await repository.FindAsync(slug, default);
            letter!.RecordPublication(Clock.GetUtcNow());
            Assert.True(await repository.TryUpdateAsync(letter, default));
        }

        Assert.Equal(["al-gbr-1-2021", "al-oth-1-2021", "al-usa-2-2021"], await SlugsAsync("?phase=no-reply"));
        Assert.Equal(["al-usa-2-2021"], await SlugsAsync("?phase=published&replyStatus=none"));
        Assert.Equal(["al-rou-1-2021"], await SlugsAsync("?replyStatus=late"));
        Assert.Equal(["al-rou-1-2021", "al-usa-2-2021"], await SlugsAsync("?phase=published"));
    }

    [Fact]
    public async Task Letter_download_is_recorded_in_the_audit_trail()
    {
        Clock.Advance(TimeSpan.FromMinutes(1));
        var download = Request("GET", "/api/communications/al-usa-2-2021/letter", TokenFor("secretariat"));
        Assert.Equal(200, (await ExecuteAsync(download, await Functions.GetCommunicationLetter(download, "al-usa-2-2021", default))).Status);

        var request = Request("GET", "/api/communications/al-usa-2-2021/events", TokenFor("secretariat"));
        var events = await ExecuteAsync(request, await Functions.ListCommunicationEvents(request, "al-usa-2-2021", default));

        Assert.Equal(["communication-registered", "letter-downloaded"], events.Json.EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal("dev-secretariat-officer", events.Json[1].GetProperty("actor").GetString());
    }

    private static Dictionary<string, object?> DraftWith(string field, object? value)
    {
        var draft = new Dictionary<string, object?>
        {
            ["reference"] = "AL USA 3/2021",
            ["addresseeId"] = "USA",
            ["subject"] = "Follow-up on images shared online",
            ["summary"] = "A follow-up letter.",
            ["mandates"] = new[] { "Special Rapporteur on the sale and sexual exploitation of children" },
            ["sentOn"] = "2021-01-25",
        };
        draft[field] = value;
        return draft;
    }

    /// <summary>The bad input of issue 10 ("what was seen", items 2 to 4): each one a 4xx that names the problem, nothing stored.</summary>
    public static TheoryData<string, int, string> SeenBadRegistrations => new()
    {
        { "addressee-path", 400, "cannot be an addressee id" },
        { "addressee-script", 400, "cannot be an addressee id" },
        { "addressee-megabyte", 400, "cannot be an addressee id" },
        { "addressee-hash", 400, "cannot be an addressee id" },
        { "addressee-question-mark", 400, "cannot be an addressee id" },
        { "addressee-backslash", 400, "cannot be an addressee id" },
        { "addressee-control", 400, "cannot be an addressee id" },
        { "reference-arabic-indic-digits", 400, "not a reference" },
        { "reference-fullwidth-digits", 400, "not a reference" },
        { "subject-nul", 400, "U+0000" },
        { "subject-right-to-left-override", 400, "U+202E" },
        { "mandate-isolate", 400, "U+2066" },
        { "summary-nul", 400, "U+0000" },
        { "second-letter-part", 400, "\"letter\" is given twice" },
        { "unknown-part", 400, "\"isAdmin\"" },
        { "thousand-empty-unknown-parts", 400, "does not take" },
        { "invalid-utf8", 400, "not valid UTF-8" },
        { "window-days-as-string", 400, "not valid JSON" },
        { "duplicate-json-field", 400, "not valid JSON" },
        { "file-name-right-to-left-override", 400, "U+202E" },
        { "sent-on-year-one", 400, "outside the dates" },
        { "truncated-pdf", 415, "%%EOF" },
        { "docx-without-central-directory", 415, "ZIP directory" },
        { "file-name-star-cut-short", 400, "well-formed Content-Disposition" },
    };

    [Theory]
    [MemberData(nameof(SeenBadRegistrations))]
    public async Task Seen_bad_registrations_get_a_4xx_naming_the_problem_and_store_nothing(string caseName, int status, string detail)
    {
        var lettersBefore = StoredLetters();
        var letter = ("letter", (string?)"l.pdf", Pdf());
        MultipartFormDataContent WithDraft(Dictionary<string, object?> draft) => Form(("communication", null, Json(draft)), letter);
        var form = caseName switch
        {
            "addressee-path" => WithDraft(DraftWith("addresseeId", "../USA")),
            "addressee-script" => WithDraft(DraftWith("addresseeId", "<script>alert(1)</script>")),
            "addressee-megabyte" => WithDraft(DraftWith("addresseeId", new string('A', 1_000_000))),
            "addressee-hash" => WithDraft(DraftWith("addresseeId", "US#A")),
            "addressee-question-mark" => WithDraft(DraftWith("addresseeId", "USA?x=1")),
            "addressee-backslash" => WithDraft(DraftWith("addresseeId", "..\\USA")),
            "addressee-control" => WithDraft(DraftWith("addresseeId", "US\u0001A")),
            "reference-arabic-indic-digits" => WithDraft(DraftWith("reference", "AL USA \u0661\u0662/2021")),
            "reference-fullwidth-digits" => WithDraft(DraftWith("reference", "AL USA \uFF11\uFF12/2021")),
            "subject-nul" => WithDraft(DraftWith("subject", "Poisoned\u0000subject")),
            "subject-right-to-left-override" => WithDraft(DraftWith("subject", "Images \u202Egnirahs")),
            "mandate-isolate" => WithDraft(DraftWith("mandates", new[] { "Special \u2066Rapporteur" })),
            "summary-nul" => WithDraft(DraftWith("summary", "Line one\n\u0000")),
            "second-letter-part" => Form(("communication", null, Json(DraftWith("subject", "ok"))), letter, ("letter", "other.pdf", Pdf("other"))),
            "unknown-part" => Form(("communication", null, Json(DraftWith("subject", "ok"))), letter, ("isAdmin", null, Text("true"))),
            "thousand-empty-unknown-parts" => Form([("communication", null, Json(DraftWith("subject", "ok"))), letter, .. Enumerable.Range(0, 1000).Select(i => ($"f{i}", (string?)null, Array.Empty<byte>()))]),
            "invalid-utf8" => Form(("communication", null, [.. Text("{\"reference\":\"AL USA 3/2021\",\"subject\":\"Bad "), 0xC3, 0x28, .. Text("\"}")]), letter),
            "window-days-as-string" => WithDraft(DraftWith("replyWindowDays", "60")),
            "duplicate-json-field" => Form(("communication", null, Text("{\"reference\":\"AL USA 3/2021\",\"addresseeId\":\"USA\",\"subject\":\"a\",\"subject\":\"b\",\"mandates\":[\"x\"],\"sentOn\":\"2021-01-25\"}")), letter),
            "file-name-right-to-left-override" => Form(("communication", null, Json(DraftWith("subject", "ok"))), ("letter", "reply\u202Etxt.exe", Pdf())),
            "sent-on-year-one" => WithDraft(DraftWith("sentOn", "0001-01-01")),
            "truncated-pdf" => Form(("communication", null, Json(DraftWith("subject", "ok"))), ("letter", "l.pdf", Pdf()[..40])),
            "file-name-star-cut-short" => CutFileNameStar(Form(("communication", null, Json(DraftWith("subject", "ok"))))),
            "docx-without-central-directory" => Form(("communication", null, Json(DraftWith("subject", "ok"))), ("letter", "l.docx", LocalHeaderOnlyDocx())),
            _ => throw new ArgumentOutOfRangeException(nameof(caseName)),
        };

        var response = await RegisterAsync(form);

        Assert.Equal(status, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Contains(detail, response.Json.GetProperty("detail").GetString());
        Assert.Equal(4, StoredCommunications());
        Assert.Equal(lettersBefore, StoredLetters());
    }

    private static MultipartFormDataContent CutFileNameStar(MultipartFormDataContent form)
    {
        var letter = new ByteArrayContent(Pdf());
        letter.Headers.TryAddWithoutValidation("Content-Disposition", "form-data; name=\"letter\"; filename*");
        form.Add(letter);
        return form;
    }

    /// <summary>The first bytes of a Word document (which pass the type sniffing) without the rest of the ZIP.</summary>
    private static byte[] LocalHeaderOnlyDocx()
    {
        var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry("[Content_Types].xml").Open().Dispose();
            using var document = zip.CreateEntry("word/document.xml", System.IO.Compression.CompressionLevel.NoCompression).Open();
            document.Write(Text(new string('x', 5000)));
        }
        var bytes = buffer.ToArray();
        return bytes[..(bytes.Length / 2)];
    }

    [Fact]
    public async Task Case_refuses_a_part_that_no_letter_names_and_a_repeated_part()
    {
        var caseDraft = new { title = "Follow-up", communications = new object[] { new { communication = Draft("AL USA 3/2021", "USA"), letterFile = "usa" } } };

        var extra = Request("POST", "/api/cases", TokenFor("secretariat"), Form(("case", null, Json(caseDraft)), ("usa", "usa.pdf", Pdf()), ("stray", "s.pdf", Pdf())));
        var extraResponse = await ExecuteAsync(extra, await Functions.RegisterCase(extra, default));
        var repeated = Request("POST", "/api/cases", TokenFor("secretariat"), Form(("case", null, Json(caseDraft)), ("usa", "usa.pdf", Pdf()), ("usa", "again.pdf", Pdf())));
        var repeatedResponse = await ExecuteAsync(repeated, await Functions.RegisterCase(repeated, default));

        Assert.Equal(400, extraResponse.Status);
        Assert.Contains("\"stray\" that no letter of the case names", extraResponse.Json.GetProperty("detail").GetString());
        Assert.Equal(400, repeatedResponse.Status);
        Assert.Contains("\"usa\" is given twice", repeatedResponse.Json.GetProperty("detail").GetString());
        Assert.Equal(4, StoredCommunications());
    }

    [Fact]
    public async Task A_complete_Word_document_registers()
    {
        var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry("[Content_Types].xml").Open().Dispose();
            zip.CreateEntry("_rels/.rels").Open().Dispose();
            zip.CreateEntry("word/document.xml").Open().Dispose();
        }

        var response = await RegisterAsync(Form(("communication", null, Json(Draft())), ("letter", "AL-USA-3-2021.docx", buffer.ToArray())));

        Assert.Equal(201, response.Status);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Json.GetProperty("letter").GetProperty("contentType").GetString());
    }
}

public static class ExampleLetter
{
    /// <summary>docs/examples/letter.txt (the README's example too), copied next to the tests at build time.</summary>
    public static string Path
    {
        get
        {
            var path = System.IO.Path.Combine(AppContext.BaseDirectory, "examples", "letter.txt");
            return File.Exists(path) ? path : throw new FileNotFoundException("docs/examples/letter.txt was not copied next to the tests; rebuild the test project.", path);
        }
    }
}
