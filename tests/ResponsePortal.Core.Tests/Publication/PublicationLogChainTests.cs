using ResponsePortal.Publication;

namespace ResponsePortal.Core.Tests.Publication;

public sealed class PublicationLogChainTests
{
    private static readonly DateTimeOffset At = new(2021, 3, 27, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void First_entry_links_to_64_zeros_and_each_next_to_the_one_before()
    {
        var first = PublicationLogChain.Next(PublicationLogChain.Genesis, At, "al-usa-2-2021", "publication", [new("b", "22"), new("a", "11")]);
        var second = PublicationLogChain.Next(new PublicationLogHead(first.Sequence, first.Hash), At, "al-usa-2-2021", "late-reply", []);

        Assert.Equal(new string('0', 64), first.PreviousHash);
        Assert.Equal(["a", "b"], first.Files.Select(f => f.Path));
        Assert.Equal(2, second.Sequence);
        Assert.Equal(first.Hash, second.PreviousHash);
        Assert.True(PublicationLogChain.IsIntact(first));
        Assert.True(PublicationLogChain.IsIntact(second));
    }

    [Fact]
    public void Canonical_text_is_what_the_documentation_says()
    {
        var text = PublicationLogChain.CanonicalText(1, At, "al-usa-2-2021", "publication", [new("c/x/record.json", "ab")], new string('0', 64));

        Assert.Equal("1\n2021-03-27T00:00:00.0000000Z\nal-usa-2-2021\npublication\nc/x/record.json ab\n" + new string('0', 64), text);
    }

    [Fact]
    public void Any_changed_field_breaks_the_entry()
    {
        var entry = PublicationLogChain.Next(PublicationLogChain.Genesis, At, "al-usa-2-2021", "publication", [new("a", "11")]);

        Assert.False(PublicationLogChain.IsIntact(entry with { Kind = "republication" }));
        Assert.False(PublicationLogChain.IsIntact(entry with { Files = [new("a", "12")] }));
        Assert.False(PublicationLogChain.IsIntact(entry with { At = At.AddTicks(1) }));
    }

    [Fact]
    public async Task Verifier_reports_a_missing_file()
    {
        var log = new InMemoryPublicationLog();
        await log.AppendAsync(At, "x", "publication", [new("c/x/record.json", "00")], default);
        var root = Path.Combine(Path.GetTempPath(), "rp-log-" + Guid.NewGuid().ToString("N"));

        var result = await new PublicationLogVerifier(log, new LocalFolderSiteOutput(root)).VerifyAsync(null, default);

        Assert.False(result.Intact);
        Assert.Contains("c/x/record.json (committed by entry 1) is missing from the site.", result.Mismatches);
    }

    [Fact]
    public void Manifest_hash_is_a_line_of_the_canonical_text_and_changing_it_breaks_the_entry()
    {
        var entry = PublicationLogChain.Next(PublicationLogChain.Genesis, At, "", "rebuild", [], new string('a', 64));

        Assert.Equal($"1\n2021-03-27T00:00:00.0000000Z\n\nrebuild\nmanifest {new string('a', 64)}\n{new string('0', 64)}",
            PublicationLogChain.CanonicalText(1, At, "", "rebuild", [], new string('0', 64), new string('a', 64)));
        Assert.True(PublicationLogChain.IsIntact(entry));
        Assert.False(PublicationLogChain.IsIntact(entry with { Manifest = new string('b', 64) }));
        Assert.False(PublicationLogChain.IsIntact(entry with { Manifest = null }));
    }
}
