using ResponsePortal.Replies;

namespace ResponsePortal.Core.Tests.Replies;

public sealed class RequestFingerprintTests
{
    private const string ShaA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private const string ShaB = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

    private static string Of(string? note = "Our answer.", string? language = "en", string? category = null, string? reason = null, params (string, long, string)[] files)
        => RequestFingerprint.Of(note, language, category, reason, files.Length == 0 ? [("reply.pdf", 100, ShaA)] : files);

    [Fact]
    public void The_same_request_has_the_same_fingerprint()
    {
        Assert.Equal(Of(), Of());
        Assert.Equal(64, Of().Length);
    }

    [Fact]
    public void A_hash_in_capitals_is_the_same_hash()
    {
        Assert.Equal(Of(files: ("reply.pdf", 100, ShaA)), Of(files: ("reply.pdf", 100, ShaA.ToUpperInvariant())));
    }

    [Fact]
    public void Each_field_and_each_file_property_tells_requests_apart()
    {
        var fingerprints = new[]
        {
            Of(),
            Of(note: "Another answer."),
            Of(note: null),
            Of(language: "fr"),
            Of(category: "other", reason: "Names the victims."),
            Of(files: ("answer.pdf", 100, ShaA)),
            Of(files: ("reply.pdf", 101, ShaA)),
            Of(files: ("reply.pdf", 100, ShaB)),
            Of(files: [("reply.pdf", 100, ShaA), ("annex.pdf", 100, ShaB)]),
            Of(files: [("annex.pdf", 100, ShaB), ("reply.pdf", 100, ShaA)]),
        };

        Assert.Equal(fingerprints.Length, fingerprints.Distinct().Count());
    }

    [Fact]
    public void A_field_value_cannot_pass_for_another_field()
    {
        Assert.NotEqual(Of(note: "en", language: null), Of(note: null, language: "en"));
    }

    [Fact]
    public void A_stored_reply_has_the_fingerprint_of_the_request_that_stored_it()
    {
        var reply = new Reply("r1", "al-usa-2-2021", "USA", DateTimeOffset.UnixEpoch, 0, "Our answer.", "en",
            [new ReplyFile("al-usa-2-2021/r1/01-reply.pdf", "reply.pdf", "application/pdf", 100, ShaA)], null, "rcpt-r1", "officer");

        Assert.Equal(Of(), RequestFingerprint.Of(reply));
    }
}
