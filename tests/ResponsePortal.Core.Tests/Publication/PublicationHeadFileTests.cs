using System.Text;
using ResponsePortal.Publication;
using ResponsePortal.Replies;

namespace ResponsePortal.Core.Tests.Publication;

public sealed class PublicationHeadFileTests
{
    private static readonly ReceiptSigner Key = new(ReceiptSigner.NewKeyPem());
    private static readonly PublicationLogHead Head = new(12, new string('c', 64), new DateTimeOffset(2021, 4, 1, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Signed_head_verifies_with_the_public_key_and_survives_a_round_trip()
    {
        var head = PublicationHeadFile.Create(Head, [new("log.json", "11"), new("log/0.json", "22")], new ReceiptKeyPublicationSigner(Key));

        var read = PublicationHeadFile.Parse(head.ToBytes())!;

        Assert.True(read.IsSignedBy(Key.PublicKeyPem));
        Assert.Equal(12, read.Sequence);
        Assert.Equal(["log.json", "log/0.json"], read.Files.Select(f => f.Path));
    }

    [Fact]
    public async Task A_manifest_is_written_in_ordinal_order_with_the_serializers_very_bytes()
    {
        // Paths a site may hold: accents, quotes, markup characters, an emoji, a lone surrogate, and an order that a
        // culture-aware sort would give differently ("B" before "a", "é" after "z").
        string[] paths = ["c/zeta/index.html", "c/élan/index.html", "B/x.json", "a/\"quoted\".json", "a/<b>&amp;.html", "files/😀.pdf", "bad/\ud800.txt", "log/10.json", "log/9.json"];
        // The target only receives the calls: what is recorded is the subject here.
        var recording = new RecordingSiteOutput(new Moq.Mock<ISiteOutput>().Object);
        foreach (var path in paths)
        {
            await recording.WriteAsync(path, Encoding.UTF8.GetBytes(path), "text/plain", default);
        }
        await recording.DeleteAsync("old/ü.html", default);
        await recording.DeleteAsync("old/A.html", default);

        var manifest = recording.Changes();

        Assert.Equal(paths.Order(StringComparer.Ordinal), manifest.Written.Select(f => f.Path));
        Assert.Equal(["old/A.html", "old/ü.html"], manifest.Removed);
        Assert.Equal(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(manifest, SiteBuilder.Json), manifest.ToBytes());
        Assert.Equal(manifest.Written.Where(f => !f.Path.StartsWith("bad/", StringComparison.Ordinal)),
            PublicationManifest.Parse(manifest.ToBytes())!.Written.Where(f => !f.Path.StartsWith("bad/", StringComparison.Ordinal)));
        var empty = new PublicationManifest([], []);
        Assert.Equal(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(empty, SiteBuilder.Json), empty.ToBytes());
    }

    [Fact]
    public void Any_change_to_the_head_or_another_key_fails_the_signature()
    {
        var head = PublicationHeadFile.Create(Head, [new("log.json", "11")], new ReceiptKeyPublicationSigner(Key));
        using var other = new ReceiptSigner(ReceiptSigner.NewKeyPem());

        Assert.False(head.IsSignedBy(other.PublicKeyPem));
        Assert.False((head with { Sequence = 13 }).IsSignedBy(Key.PublicKeyPem));
        Assert.False((head with { Hash = new string('d', 64) }).IsSignedBy(Key.PublicKeyPem));
        Assert.False((head with { Files = [new("log.json", "12")] }).IsSignedBy(Key.PublicKeyPem));
        Assert.False((head with { At = head.At.AddTicks(1) }).IsSignedBy(Key.PublicKeyPem));
    }

    [Fact]
    public void A_head_with_a_renamed_member_is_not_a_head()
    {
        var bytes = PublicationHeadFile.Create(Head, [], new ReceiptKeyPublicationSigner(Key)).ToBytes();

        Assert.Null(PublicationHeadFile.Parse(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("\"sequence\"", "\"sequenceNumber\""))));
    }

    [Fact]
    public void The_signed_text_starts_with_its_type_so_a_receipt_signature_cannot_pass_for_a_head()
        => Assert.StartsWith("responseportal-publication-head/1\n12\n", PublicationHeadFile.SignedText(12, "h", Head.At!.Value, []));
}
