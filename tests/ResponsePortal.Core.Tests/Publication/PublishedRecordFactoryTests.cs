using ResponsePortal.Communications;
using ResponsePortal.Documents;
using ResponsePortal.Publication;
using ResponsePortal.Replies;

namespace ResponsePortal.Core.Tests.Publication;

public sealed class PublishedRecordFactoryTests
{
    private static readonly TimeZoneInfo Geneva = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
    private static readonly StoredDocument Original = new("letters/a.pdf", "original.pdf", "application/pdf", 10, new string('a', 64));
    private static readonly StoredDocument Public = new("letters/b.pdf", "public.pdf", "application/pdf", 9, new string('b', 64));

    private static Communication Letter(StoredDocument? publicVersion, DateTimeOffset? publishedAt)
    {
        var communication = new Communication
        {
            Reference = new Reference(CommunicationType.AL, "USA", 2, 2021), AddresseeId = "USA", Subject = "s", Summary = "m", Mandates = ["M"],
            Window = ResponsePortal.Deadlines.ReplyWindow.Compute(new DateOnly(2021, 1, 25), 60, Geneva), Letter = Original,
            RegisteredAt = new DateTimeOffset(2021, 1, 25, 8, 0, 0, TimeSpan.Zero), RegisteredBy = "x",
        };
        return Communication.Restore(communication, null, 0, publishedAt, publicVersion, null);
    }

    private static Reply Reply(string id, ConfidentialityRequest? confidentiality)
        => new(id, "al-usa-2-2021", "USA", new DateTimeOffset(2021, 3, 1, 0, 0, 0, TimeSpan.Zero), 0, "note", "en",
            [new ReplyFile("replies/" + id, "r.pdf", "application/pdf", 5, new string('c', 64))], confidentiality, "r", "u");

    private static readonly DateTimeOffset Published = new(2021, 3, 27, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Public_version_replaces_the_original_letter()
    {
        var record = PublishedRecordFactory.Create(new PublicationInput(Letter(Public, Published), "USA", [], []), Geneva);

        Assert.Equal(Public.Sha256, record.Letter.Sha256);
        Assert.True(record.LetterIsPublicVersion);
    }

    [Fact]
    public void Original_letter_is_published_when_there_is_no_public_version()
    {
        var record = PublishedRecordFactory.Create(new PublicationInput(Letter(null, Published), "USA", [], []), Geneva);

        Assert.Equal(Original.Sha256, record.Letter.Sha256);
        Assert.False(record.LetterIsPublicVersion);
    }

    [Fact]
    public void Days_to_reply_are_counted_in_Geneva_as_the_secretariat_counts_them()
    {
        // 23:30 UTC on 3 February is already 4 February in Geneva: 10 days after sending, not 9.
        var reply = Reply("1", null) with { ReceivedAt = new DateTimeOffset(2021, 2, 3, 23, 30, 0, TimeSpan.Zero) };

        var record = PublishedRecordFactory.Create(new PublicationInput(Letter(null, Published), "USA", [reply], []), Geneva);

        Assert.Equal(10, record.ReplyDays);
    }

    [Fact]
    public void Unpublished_communication_cannot_become_a_record()
        => Assert.Throws<InvalidOperationException>(() => PublishedRecordFactory.Create(new PublicationInput(Letter(null, null), "USA", [], []), Geneva));

    [Fact]
    public void Accepted_confidentiality_leaves_a_placeholder_with_only_the_category()
    {
        var decided = new ConfidentialityRequest("national security", "secret reason", Published, "u", new ConfidentialityDecision(true, "s", Published, "n"));
        var pending = new ConfidentialityRequest("personal data", "other reason", Published, "u", null);
        var refused = new ConfidentialityRequest("personal data", "weak reason", Published, "u", new ConfidentialityDecision(false, "s", Published, null));

        var record = PublishedRecordFactory.Create(new PublicationInput(Letter(null, Published), "USA",
            [Reply("1", decided), Reply("2", pending), Reply("3", refused), Reply("4", null)], []), Geneva);

        Assert.Equal(["withheld", "pending", "published", "published"], record.Replies.Select(r => r.Status));
        Assert.Equal("national security", record.Replies[0].ReasonCategory);
        Assert.Empty(record.Replies[0].Files);
        Assert.Null(record.Replies[0].Note);
        Assert.Empty(record.Replies[1].Files);
        Assert.Null(record.Replies[1].ReasonCategory);
        Assert.Single(record.Replies[2].Files);
    }

    [Fact]
    public void A_file_without_extracted_text_serialises_as_before_so_published_hashes_still_hold()
    {
        var file = new PublishedFile("c/x/files/a.pdf", "a.pdf", "application/pdf", 10, new string('a', 64));

        var json = System.Text.Json.JsonSerializer.Serialize(file, SiteBuilder.Json);

        Assert.DoesNotContain("text", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Extracted_text_round_trips_with_its_outcome_and_block_kinds_written_as_words()
    {
        var file = new PublishedFile("c/x/files/a.pdf", "a.pdf", "application/pdf", 10, new string('a', 64))
        {
            Text = new ResponsePortal.Documents.Text.DocumentText(ResponsePortal.Documents.Text.TextOutcome.Extracted,
                [new(ResponsePortal.Documents.Text.TextBlockKind.Heading, "Questions"), new(ResponsePortal.Documents.Text.TextBlockKind.Paragraph, "Instagram")]),
        };

        var json = System.Text.Json.JsonSerializer.Serialize(file, SiteBuilder.Json);
        var back = System.Text.Json.JsonSerializer.Deserialize<PublishedFile>(json, SiteBuilder.Json)!;

        Assert.Contains("\"Extracted\"", json);
        Assert.Contains("\"Heading\"", json);
        Assert.Equal(file.Text.Blocks, back.Text!.Blocks);
    }
}
