using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CsCheck;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using ResponsePortal.Functions.Addressees;
using ResponsePortal.Functions.Communications;
using ResponsePortal.Functions.Publication;
using ResponsePortal.Functions.Replies;
using ResponsePortal.Integration.Tests.Harness;
using Xunit.Abstractions;

namespace ResponsePortal.Integration.Tests.Validation;

/// <summary>
/// Property tests of the API's edge (issue 10): over a thousand generated malformed requests across every JSON and
/// multipart endpoint, called as the Functions host calls them, over a real Azurite. Each request starts from a
/// valid one and carries at least one defect that must be refused, so every answer must be a 4xx in
/// application/problem+json (never an exception, which the host would turn into a 500), and storage (every table's
/// rows, every container's blobs, every queue's messages) must be exactly as it was. CsCheck shrinks a failure to
/// the smallest request that shows it and prints the seed to replay it.
/// </summary>
public sealed class MalformedRequestFuzzTests(ITestOutputHelper output) : PortalHarness
{
    private const string Slug = "al-usa-2-2021";
    private string _replyId = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await this.SeedDemoAsync();
        var form = new MultipartFormDataContent
        {
            { File(Pdf("Reply")), "files", "reply.pdf" },
            { new StringContent("privacy-of-victims"), "confidentialityCategory" },
            { new StringContent("Names of victims"), "confidentialityReason" },
        };
        var upload = Request("POST", $"/api/me/communications/{Slug}/replies", TokenFor("usa"), form);
        var response = await ExecuteAsync(upload, await Get<MyReplyFunctions>().UploadReply(upload, Slug, default));
        Assert.Equal(201, response.Status);
        _replyId = response.Json.GetProperty("id").GetString()!;
    }

    // ---- What a defect puts into a value ----

    /// <summary>
    /// Characters refused in every kind of text, multi-line included. (A lone surrogate is refused too, but a client
    /// cannot put one in a form field or a header: its UTF-8 encoder replaces it; TextRulesTests covers it.)
    /// </summary>
    private static readonly string[] ForbiddenCharacters = ["\u0000", "\u0001", "\u0008", "\u001B", "\u007F", "\u0085", "\u009F", "\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\uFFFF"];

    /// <summary>Ids that cannot be storage keys, addressee ids, user ids, slugs or e-mail addresses.</summary>
    private static readonly string[] BadIds = ["../USA", "<script>alert(1)</script>", "US#A", "USA?x=1", "..\\USA", "US\u0000A", "\u202EUSA", "%2F..%2F", new string('A', 300), "", " ", "US\nA"];

    private static readonly string[] BadEmails = ["../x@example.org", "a#b@example.org", "x\u202E@example.org", "x\u0000@example.org", "not-an-email", "Name <a@example.org>", new string('a', 300) + "@example.org", ""];

    private static readonly string[] BadReferences = ["AL USA \u0661\u0662/2021", "AL USA \uFF11\uFF12/2021", "XX USA 9/2021", "AL USA 0/2021", "AL USA 9/1899", "AL USA 9-2021", "AL\u0000USA 9/2021", "AL USA 9/2021\u202E", ""];

    private static readonly string[] BadSentOn = ["0001-01-01", "1989-12-31", "2099-01-01", "2021-02-30", "25/01/2021", "2021-01-25T00:00:00Z", "", "\u0662\u0660\u0662\u0661-01-25"];

    /// <summary>Values of the wrong JSON type for a string field.</summary>
    private static readonly string[] NotStrings = ["12345", "true", "[]", "{}", "[\"a\"]", "1e400"];

    /// <summary>Inserts inside the value, never at an edge, where trimming would take away a white-space character such as U+0085.</summary>
    private static string Insert(string value, string what, int position) => value.Insert(1 + position % (value.Length - 1), what);

    // ---- JSON bodies ----

    /// <summary>A JSON object as text fields (already JSON-encoded values), so defects can produce what a serializer would not.</summary>
    private sealed record JsonShape(List<(string Name, string Json)> Fields, string[] TextFields)
    {
        public byte[] Bytes => Encoding.UTF8.GetBytes("{" + string.Join(",", Fields.Select(f => $"\"{f.Name}\":{f.Json}")) + "}");
    }

    private static string J(string value) => JsonSerializer.Serialize(value);

    /// <summary>The generic defects of a JSON object; every one of them makes any of our drafts invalid.</summary>
    private static (byte[] Body, string Why) JsonDefect(JsonShape valid, int kind, int position, string forbidden)
    {
        var fields = valid.Fields.ToList();
        var text = valid.TextFields[position % valid.TextFields.Length];
        int index = fields.FindIndex(f => f.Name == text);
        var current = JsonSerializer.Deserialize<string>(fields[index].Json)!;
        switch (kind % 11)
        {
            case 0:
                fields[index] = (text, J(Insert(current, forbidden, position)));
                return (new JsonShape(fields, valid.TextFields).Bytes, $"{text} holds U+{(int)forbidden[0]:X4}");
            case 1:
                fields[index] = (text, NotStrings[position % NotStrings.Length]);
                return (new JsonShape(fields, valid.TextFields).Bytes, $"{text} is not a string");
            case 2:
                fields.Add(($"extra{position % 1000}", position % 2 == 0 ? "\"\"" : "true"));
                return (new JsonShape(fields, valid.TextFields).Bytes, "unknown field");
            case 3:
                fields.Add((text, J(current)));
                return (new JsonShape(fields, valid.TextFields).Bytes, $"{text} twice");
            case 4:
            {
                var bytes = valid.Bytes;
                // Just after the opening quote of the text field's value.
                var at = Encoding.UTF8.GetBytes("{" + string.Join(",", fields.Take(index).Select(f => $"\"{f.Name}\":{f.Json}").Append($"\"{text}\":\""))).Length;
                byte[] invalid = (position % 4) switch { 0 => [0xFF], 1 => [0xC3, 0x28], 2 => [0xED, 0xA0, 0x80], _ => [0xF8, 0x88, 0x80, 0x80, 0x80] };
                return ([.. bytes[..at], .. invalid, .. bytes[at..]], $"invalid UTF-8 in {text}");
            }
            case 5:
            {
                var bytes = valid.Bytes;
                return (bytes[..(position % bytes.Length)], "truncated JSON");
            }
            case 6:
                return ([.. valid.Bytes, .. Encoding.UTF8.GetBytes(position % 2 == 0 ? "x" : ",{}")], "trailing garbage");
            case 7:
                fields[index] = (text, new string('[', 200) + new string(']', 200));
                return (new JsonShape(fields, valid.TextFields).Bytes, "nesting too deep");
            case 8:
                return ("null"u8.ToArray(), "null body");
            case 9:
                fields[index] = (text, J(new string('x', 20_000)));
                return (new JsonShape(fields, valid.TextFields).Bytes, $"{text} too long");
            default:
                return ([0xFF, .. Encoding.UTF8.GetBytes(new string('{', position % 7))], "not JSON at all");
        }
    }

    private static Gen<(int Kind, int Position, string Forbidden)> Defect { get; } =
        Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 100_000], Gen.OneOf(ForbiddenCharacters));

    private sealed record Attempt(string Endpoint, string Why, HttpContent? Content, string[] Route)
    {
        public override string ToString() => $"{Endpoint} [{Why}] route ({string.Join(", ", Route.Select(r => r.Length > 60 ? r[..60] + "…" : r))})";
    }

    private static HttpContent JsonContent(byte[] body, string mediaType = "application/json") => new RawContent(body, mediaType);

    /// <summary>Bytes exactly as given, under any content type (MediaTypeHeaderValue would refuse some of ours).</summary>
    private sealed class RawContent : HttpContent
    {
        public RawContent(byte[] body, string contentType)
        {
            Body = body;
            Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        public byte[] Body { get; }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(Body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = Body.Length;
            return true;
        }
    }

    /// <summary>A JSON endpoint: its valid body and route, the defects of the body, of the content type, or of a route value.</summary>
    private static Gen<Attempt> JsonAttempts(string endpoint, JsonShape valid, string[] route, Func<int, int, string[]?> badRoute)
        => Gen.Select(Defect, Gen.Int[0, 9], (d, where) =>
        {
            if (where == 0 && badRoute(d.Kind, d.Position) is { } wrongRoute)
            {
                return new Attempt(endpoint, "route value that names nothing or cannot be a key", JsonContent(valid.Bytes), wrongRoute);
            }
            if (where == 1)
            {
                return new Attempt(endpoint, "not application/json", JsonContent(valid.Bytes, d.Kind % 2 == 0 ? "text/plain" : "application/xml"), route);
            }
            var (body, why) = JsonDefect(valid, d.Kind, d.Position, d.Forbidden);
            return new Attempt(endpoint, why, JsonContent(body), route);
        });

    // ---- Multipart bodies ----

    private static ByteArrayContent File(byte[] bytes)
    {
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return part;
    }

    private static byte[] DocxWithout(string part)
    {
        var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in new[] { "[Content_Types].xml", "_rels/.rels", "word/document.xml" }.Where(n => n != part))
            {
                using var entry = zip.CreateEntry(name, System.IO.Compression.CompressionLevel.NoCompression).Open();
                entry.Write(Encoding.UTF8.GetBytes(new string('x', 3000)));
            }
        }
        return buffer.ToArray();
    }

    /// <summary>File contents that must be refused: damaged, of another type, or empty.</summary>
    private static (byte[] Bytes, string Why) BadFile(int kind, int position)
    {
        var pdf = Pdf();
        switch (kind % 8)
        {
            case 0:
                return (pdf[..(8 + position % (pdf.Length - 9))], "truncated PDF");
            case 1:
                return (Encoding.ASCII.GetBytes("%PDF-1.4\ntrailer <<>>\n%%EOF\n"), "PDF without startxref");
            case 2:
            {
                var docx = DocxWithout("");
                return (docx[..(docx.Length / 2 + position % (docx.Length / 4))], "DOCX cut before its central directory");
            }
            case 3:
                return (DocxWithout("word/document.xml"), "DOCX without its main part");
            case 4:
                return (Encoding.UTF8.GetBytes("<!DOCTYPE html><script>alert(1)</script>"), "web page");
            case 5:
                return ([.. "MZ"u8, 0x90, 0x00, 0x03], "program");
            case 6:
                return ([0x00, .. Encoding.UTF8.GetBytes(position.ToString(System.Globalization.CultureInfo.InvariantCulture))], "binary noise");
            default:
                return ([], "empty file");
        }
    }

    private static MultipartFormDataContent Multipart(IEnumerable<(string Name, string? FileName, byte[] Bytes)> parts)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, fileName, bytes) in parts)
        {
            if (fileName is null)
            {
                form.Add(new ByteArrayContent(bytes), name);
            }
            else
            {
                // Written by hand, as any client may: HttpClient refuses control characters in a file name.
                var file = File(bytes);
                file.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"{name}\"; filename*=utf-8''{Uri.EscapeDataString(fileName)}");
                form.Add(file);
            }
        }
        return form;
    }

    /// <summary>Defects of the body as a whole: another content type, no boundary, a body cut before its end, noise.</summary>
    private static (HttpContent Content, string Why) BodyDefect(MultipartFormDataContent valid, int kind, int position)
    {
        var bytes = valid.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        var boundary = valid.Headers.ContentType!.Parameters.Single(p => p.Name == "boundary").Value!.Trim('"');
        var contentType = valid.Headers.ContentType!.ToString();
        switch (kind % 4)
        {
            case 0:
                // Cut before the closing boundary starts, so the last part is never complete.
                return (new RawContent(bytes[..(position % (bytes.Length - boundary.Length - 8))], contentType), "body cut short");
            case 1:
                return (new RawContent(bytes, "multipart/form-data"), "no boundary");
            case 2:
                return (new RawContent(bytes, "application/json"), "not multipart");
            default:
                return (new RawContent([0x00, .. Encoding.UTF8.GetBytes(new string('-', position % 50))], contentType), "noise instead of parts");
        }
    }

    private static JsonShape ValidDraft() => new(
        [("reference", J("AL USA 9/2021")), ("addresseeId", J("USA")), ("subject", J("Follow-up")), ("summary", J("Lines\nof summary")),
         ("mandates", "[\"Special Rapporteur\"]"), ("sentOn", J("2021-01-25")), ("replyWindowDays", "60")],
        ["reference", "addresseeId", "subject", "summary", "sentOn"]);

    /// <summary>Defects of a letter's details that parse as JSON but break a rule.</summary>
    private static (byte[] Body, string Why) DraftDefect(int kind, int position, string forbidden)
    {
        var fields = ValidDraft().Fields;
        void Set(string name, string json) => fields[fields.FindIndex(f => f.Name == name)] = (name, json);
        string why;
        switch (kind % 9)
        {
            case 0: Set("reference", J(BadReferences[position % BadReferences.Length])); why = "bad reference"; break;
            case 1: Set("addresseeId", J(BadIds[position % BadIds.Length])); why = "bad addressee id"; break;
            case 2: Set("sentOn", J(BadSentOn[position % BadSentOn.Length])); why = "bad sentOn"; break;
            case 3: Set("replyWindowDays", new[] { "0", "-1", "100000", "\"60\"", "1.5", "1e400", "true" }[position % 7]); why = "bad replyWindowDays"; break;
            case 4: Set("mandates", new[] { "[]", "[\"\"]", $"[{J(Insert("Rapporteur", forbidden, position))}]", "\"Rapporteur\"", "[1]" }[position % 5]); why = "bad mandates"; break;
            case 5: Set("subject", J(position % 2 == 0 ? "" : new string('s', 301))); why = "subject empty or too long"; break;
            case 6: fields.RemoveAll(f => f.Name == "reference"); why = "no reference"; break;
            case 7: Set("summary", J(Insert("Lines\nof summary", forbidden, position))); why = "summary with a forbidden character"; break;
            default: Set("subject", J(Insert("Follow-up", position % 2 == 0 ? "\n" : "\t", position))); why = "subject on two lines"; break;
        }
        return (new JsonShape(fields, []).Bytes, why);
    }

    private static Gen<Attempt> RegistrationAttempts { get; } = Gen.Select(Defect, Gen.Int[0, 5], (d, where) =>
    {
        var draft = ValidDraft().Bytes;
        var letter = ("letter", (string?)"letter.pdf", Pdf());
        (string, string?, byte[]) Communication(byte[] json) => ("communication", null, json);
        switch (where)
        {
            case 0:
            {
                var (body, why) = JsonDefect(ValidDraft(), d.Kind, d.Position, d.Forbidden);
                return new Attempt("register", why, Multipart([Communication(body), letter]), []);
            }
            case 1:
            {
                var (body, why) = DraftDefect(d.Kind, d.Position, d.Forbidden);
                return new Attempt("register", why, Multipart([Communication(body), letter]), []);
            }
            case 2:
            {
                var (bytes, why) = BadFile(d.Kind, d.Position);
                var part = d.Position % 2 == 0 ? "letter" : "publicVersion";
                return new Attempt("register", $"{part}: {why}", Multipart([Communication(draft), part == "letter" ? ("letter", "letter.pdf", bytes) : letter, .. part == "letter" ? [] : new[] { ("publicVersion", (string?)"public.pdf", bytes) }]), []);
            }
            case 3:
            {
                (string, string?, byte[])[] parts = (d.Kind % 6) switch
                {
                    0 => [Communication(draft), letter, ("letter", "again.pdf", Pdf("again"))],
                    1 => [Communication(draft), Communication(draft), letter],
                    2 => [Communication(draft), letter, ($"part{d.Position % 100}", d.Position % 2 == 0 ? null : "x.pdf", Pdf())],
                    3 => [Communication(draft)],
                    4 => [letter],
                    _ => [Communication(draft), ("letter", Insert("letter.pdf", d.Forbidden, d.Position), Pdf())],
                };
                return new Attempt("register", $"parts defect {d.Kind % 6}", Multipart(parts), []);
            }
            case 4:
            {
                var (content, why) = BodyDefect(Multipart([Communication(draft), letter]), d.Kind, d.Position);
                return new Attempt("register", why, content, []);
            }
            default:
            {
                var empties = Enumerable.Range(0, 1 + d.Position % 1000).Select(i => ($"f{i}", (string?)null, Array.Empty<byte>()));
                return new Attempt("register", "many empty unknown parts", Multipart([Communication(draft), letter, .. empties]), []);
            }
        }
    });

    private static byte[] CaseJson(string communicationJson, string letterFile = "usa", string title = "Fuzz case", string? id = null)
        => Encoding.UTF8.GetBytes($"{{{(id is null ? "" : $"\"id\":{J(id)},")}\"title\":{J(title)},\"communications\":[{{\"communication\":{communicationJson},\"letterFile\":{J(letterFile)}}}]}}");

    private static Gen<Attempt> CaseAttempts { get; } = Gen.Select(Defect, Gen.Int[0, 4], (d, where) =>
    {
        var draft = Encoding.UTF8.GetString(ValidDraft().Bytes);
        var file = ("usa", (string?)"usa.pdf", Pdf());
        switch (where)
        {
            case 0:
            {
                var shape = new JsonShape([("title", J("Fuzz case")), ("communications", $"[{{\"communication\":{draft},\"letterFile\":\"usa\"}}]")], ["title"]);
                var (body, why) = JsonDefect(shape, d.Kind, d.Position, d.Forbidden);
                return new Attempt("case", why, Multipart([("case", null, body), file]), []);
            }
            case 1:
            {
                var (body, why) = DraftDefect(d.Kind, d.Position, d.Forbidden);
                return new Attempt("case", "letter: " + why, Multipart([("case", null, CaseJson(Encoding.UTF8.GetString(body))), file]), []);
            }
            case 2:
            {
                (string, string?, byte[])[] parts = (d.Kind % 6) switch
                {
                    0 => [("case", null, CaseJson(draft)), file, ("stray", "s.pdf", Pdf())],
                    1 => [("case", null, CaseJson(draft)), file, ("usa", "again.pdf", Pdf())],
                    2 => [("case", null, CaseJson(draft, letterFile: "missing")), file],
                    3 => [("case", null, CaseJson(draft, id: new[] { "Bad Id!", "x", "../case", "case\u202E1" }[d.Position % 4])), file],
                    4 => [("case", null, CaseJson(draft, title: Insert("Fuzz case", d.Forbidden, d.Position))), file],
                    _ => [("case", null, CaseJson(draft)), ("usa", "usa.pdf", BadFile(d.Kind / 6, d.Position).Bytes)],
                };
                return new Attempt("case", $"parts defect {d.Kind % 6}", Multipart(parts), []);
            }
            default:
            {
                var (content, why) = BodyDefect(Multipart([("case", null, CaseJson(draft)), file]), d.Kind, d.Position);
                return new Attempt("case", why, content, []);
            }
        }
    });

    private static Gen<Attempt> ReplyAttempts { get; } = Gen.Select(Defect, Gen.Int[0, 4], (d, where) =>
    {
        var reply = ("files", (string?)"reply.pdf", Pdf());
        (string, string?, byte[]) Field(string name, string value) => (name, null, Encoding.UTF8.GetBytes(value));
        string[] route = [Slug];
        switch (where)
        {
            case 0:
            {
                var (bytes, why) = BadFile(d.Kind, d.Position);
                return new Attempt("reply", why, Multipart([reply, ("files", "annex.pdf", bytes)]), route);
            }
            case 1:
            {
                (string, string?, byte[])[] parts = (d.Kind % 12) switch
                {
                    0 => [("files", Insert("reply.pdf", d.Forbidden, d.Position), Pdf())],
                    1 => [reply, ("annex", "annex.pdf", Pdf())],
                    2 => [Field("files", "not a file"), reply],
                    3 => [reply, Field($"field{d.Position % 50}", "")],
                    4 => [reply, Field("note", "a"), Field("note", "b")],
                    5 => [reply, ("note", null, [.. "Our "u8, 0xFF, .. " reply"u8])],
                    6 => [reply, Field("note", Insert("Our\nreply", d.Forbidden, d.Position))],
                    7 => [reply, Field("confidentialityCategory", "privacy-of-victims"), Field("confidentialityReason", Insert("Names", d.Forbidden, d.Position))],
                    8 => [reply, Field("language", new[] { "en_US", new string('x', 40), "e\u0000n", "fr!" }[d.Position % 4])],
                    9 => [reply, Field("confidentialityCategory", new[] { "because", "other" }[d.Position % 2])],
                    10 => [reply, Field("confidentialityReason", "why")],
                    _ => [Field("note", new string('n', 10_001 + d.Position % 1000))],
                };
                return new Attempt("reply", $"parts defect {d.Kind % 12}", Multipart(parts), route);
            }
            case 2:
            {
                var (content, why) = BodyDefect(Multipart([reply, Field("note", "Our reply")]), d.Kind, d.Position);
                return new Attempt("reply", why, content, route);
            }
            case 3:
                return new Attempt("reply", "slug that names nothing", Multipart([reply]), [BadIds[d.Position % BadIds.Length]]);
            default:
                return new Attempt("reply", "no files", Multipart([Field("note", "Only a note")]), route);
        }
    });

    // ---- Calling the functions and checking the answers ----

    private async Task<Response> CallAsync(Attempt attempt)
    {
        var r = attempt.Route;
        switch (attempt.Endpoint)
        {
            case "addressee":
            {
                var request = Request("PUT", "/api/addressees/x", TokenFor("secretariat"), attempt.Content);
                return await ExecuteAsync(request, await Get<AddresseeFunctions>().SaveAddressee(request, r[0], default));
            }
            case "contact":
            {
                var request = Request("PUT", "/api/addressees/x/contacts/y", TokenFor("secretariat"), attempt.Content);
                return await ExecuteAsync(request, await Get<AddresseeFunctions>().SaveContact(request, r[0], r[1], default));
            }
            case "member":
            {
                var request = Request("PUT", "/api/addressees/x/members/y", TokenFor("secretariat"), attempt.Content);
                return await ExecuteAsync(request, await Get<AddresseeFunctions>().SaveMember(request, r[0], r[1], default));
            }
            case "confidentiality":
            {
                var request = Request("POST", "/api/communications/x/replies/y/confidentiality", TokenFor("secretariat"), attempt.Content);
                return await ExecuteAsync(request, await Get<ReplyFunctions>().DecideConfidentiality(request, r[0], r[1], default));
            }
            case "republish":
            {
                var request = Request("POST", "/api/communications/x/republish", TokenFor("secretariat"), attempt.Content);
                return await ExecuteAsync(request, await Get<PublicationFunctions>().RepublishCommunication(request, r[0], default));
            }
            case "register":
            {
                var request = Request("POST", "/api/communications", TokenFor("secretariat"), attempt.Content);
                return await ExecuteAsync(request, await Get<CommunicationFunctions>().RegisterCommunication(request, default));
            }
            case "case":
            {
                var request = Request("POST", "/api/cases", TokenFor("secretariat"), attempt.Content);
                return await ExecuteAsync(request, await Get<CommunicationFunctions>().RegisterCase(request, default));
            }
            default:
            {
                var request = Request("POST", "/api/me/communications/x/replies", TokenFor("usa"), attempt.Content);
                return await ExecuteAsync(request, await Get<MyReplyFunctions>().UploadReply(request, r[0], default));
            }
        }
    }

    /// <summary>Every table's row count, every container's blob count and every queue's message count.</summary>
    private async Task<SortedDictionary<string, int>> StorageAsync()
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var tables = Get<TableServiceClient>();
        await foreach (var table in tables.QueryAsync())
        {
            int rows = 0;
            await foreach (var _ in tables.GetTableClient(table.Name).QueryAsync<TableEntity>(select: ["PartitionKey"]))
            {
                rows++;
            }
            counts["table " + table.Name] = rows;
        }
        var blobs = Get<BlobServiceClient>();
        await foreach (var container in blobs.GetBlobContainersAsync())
        {
            int count = 0;
            await foreach (var _ in blobs.GetBlobContainerClient(container.Name).GetBlobsAsync())
            {
                count++;
            }
            counts["container " + container.Name] = count;
        }
        var queues = Get<QueueServiceClient>();
        await foreach (var queue in queues.GetQueuesAsync())
        {
            counts["queue " + queue.Name] = (await queues.GetQueueClient(queue.Name).GetPropertiesAsync()).Value.ApproximateMessagesCount;
        }
        return counts;
    }

    private async Task PropertyAsync(Gen<Attempt> attempts, int iterations)
    {
        var before = await StorageAsync();
        int sent = 0;
        await attempts.SampleAsync(async attempt =>
        {
            Response response;
            try
            {
                response = await CallAsync(attempt);
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"{attempt}: threw (the host would answer 500): {ex}");
            }
            sent++;
            if (response.Status is < 400 or >= 500 || response.ContentType != "application/problem+json")
            {
                throw new Xunit.Sdk.XunitException($"{attempt}: answered {response.Status} {response.ContentType}: {Shorten(response.Body)}");
            }
        }, writeLine: output.WriteLine, iter: iterations, threads: 1, print: a => a.ToString());
        var after = await StorageAsync();
        var changed = before.Keys.Union(after.Keys).Where(k => before.GetValueOrDefault(k, -1) != after.GetValueOrDefault(k, -1))
            .Select(k => $"{k}: {before.GetValueOrDefault(k)} -> {after.GetValueOrDefault(k)}").ToList();
        Assert.True(changed.Count == 0, "Storage changed after refused requests: " + string.Join("; ", changed));
        output.WriteLine($"{sent} malformed requests, all refused with problem+json, storage unchanged.");
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

    [Fact]
    public Task Malformed_letter_registrations_are_all_refused_and_store_nothing() => PropertyAsync(RegistrationAttempts, 250);

    [Fact]
    public Task Malformed_cases_are_all_refused_and_store_nothing() => PropertyAsync(CaseAttempts, 150);

    [Fact]
    public Task Malformed_replies_are_all_refused_and_store_nothing() => PropertyAsync(ReplyAttempts, 250);

    [Fact]
    public async Task Malformed_JSON_bodies_of_every_JSON_endpoint_are_all_refused_and_store_nothing()
    {
        var addressee = new JsonShape([("kind", J("Company")), ("name", J("Acme")), ("preferredLanguage", J("en"))], ["name", "kind"]);
        var contact = new JsonShape([("name", J("Mission")), ("language", J("fr"))], ["name", "language"]);
        var member = new JsonShape([("displayName", J("Officer"))], ["displayName"]);
        var decision = new JsonShape([("accepted", "true"), ("note", J("Agreed\nafter review"))], ["note"]);
        var republish = new JsonShape([("note", J("Corrected a name"))], ["note"]);
        string Pick(string[] values, int position) => values[position % values.Length];

        await PropertyAsync(JsonAttempts("addressee", addressee, ["acme-fuzz"], (_, p) => [Pick(BadIds, p)]), 100);
        await PropertyAsync(JsonAttempts("contact", contact, ["USA", "mission@example.org"], (k, p) => k % 2 == 0 ? [Pick(BadIds, p), "mission@example.org"] : ["USA", Pick(BadEmails, p)]), 100);
        await PropertyAsync(JsonAttempts("member", member, ["USA", "fuzz-user"], (k, p) => k % 2 == 0 ? [Pick(BadIds, p), "fuzz-user"] : ["USA", Pick(BadIds, p)]), 75);
        await PropertyAsync(JsonAttempts("confidentiality", decision, [Slug, _replyId], (k, p) => k % 2 == 0 ? [Pick(BadIds, p), _replyId] : [Slug, Pick(BadIds, p)]), 75);
        await PropertyAsync(JsonAttempts("republish", republish, [Slug], (_, p) => [Pick(BadIds, p)]), 75);
    }
}
