using CsCheck;
using ResponsePortal.Publication;
using ResponsePortal.Replies;

namespace ResponsePortal.Integration.Tests.Publication;

/// <summary>
/// Issue 12: whatever sequence of legitimate operations produced it, an untouched site verifies; one changed byte
/// anywhere in $web does not. The site grows across samples (one Azurite per class), which is itself a longer
/// sequence; every sample restores the byte it changed.
/// </summary>
public sealed class PublicationLogPropertyTests : PublicationHarness
{
    private static readonly (string Slug, string Addressee)[] Letters =
        [("al-usa-2-2021", "USA"), ("al-rou-1-2021", "ROU"), ("al-gbr-1-2021", "GBR"), ("al-oth-1-2021", "facebook")];

    private readonly HashSet<string> _published = [];
    private readonly Dictionary<string, Reply> _confidential = [];

    private enum Operation { Publish, LateReply, Decision, Republish, Rebuild }

    private async Task ApplyAsync(Operation operation, int letter)
    {
        var (slug, addressee) = Letters[letter % Letters.Length];
        Clock.Advance(TimeSpan.FromHours(1));
        switch (operation)
        {
            case Operation.Publish:
                await PublishAsync(slug);
                _published.Add(slug);
                break;
            case Operation.LateReply:
                await AddReplyAsync(slug, addressee, Clock.GetUtcNow(), $"Late reply {Guid.NewGuid():N}", "A note.");
                await PublishAsync(slug, PublishReasons.LateReply);
                _published.Add(slug);
                break;
            case Operation.Decision when _confidential.TryGetValue(slug, out var reply):
                // Accept, refuse, accept again...: the annex is published, then removed, then published again.
                _confidential[slug] = await DecideAsync(reply, accepted: reply.Confidentiality!.Decision?.Accepted != true);
                _published.Add(slug);
                break;
            case Operation.Decision:
                _confidential[slug] = await AddReplyAsync(slug, addressee, Clock.GetUtcNow(), $"Annex {Guid.NewGuid():N}", null,
                    new ConfidentialityRequest("privacy-of-victims", "It names people.", Clock.GetUtcNow(), "user-" + addressee, null));
                await PublishAsync(slug, PublishReasons.LateReply);
                _published.Add(slug);
                break;
            case Operation.Republish when _published.Contains(slug):
                await RepublishAsync(slug, $"Correction {Clock.GetUtcNow():O}.");
                break;
            case Operation.Republish:
                await PublishAsync(slug);
                _published.Add(slug);
                break;
            case Operation.Rebuild:
                await Get<PublicationService>().RebuildAsync(clean: true, null, default);
                break;
        }
    }

    [Fact]
    public async Task Any_sequence_of_legitimate_changes_verifies_and_one_changed_byte_anywhere_is_detected()
    {
        Clock.SetUtcNow(AfterDemoClose);
        var verifier = Get<PublicationLogVerifier>();
        var site = Get<ISiteOutput>();
        var operations = Gen.Select(Gen.Enum<Operation>(), Gen.Int[0, 3]).Array[1, 5];

        await Gen.Select(operations, Gen.Int, Gen.Byte[1, 255]).SampleAsync(async sample =>
        {
            var (steps, pick, flip) = sample;
            foreach (var (operation, letter) in steps)
            {
                await ApplyAsync(operation, letter);
            }
            var intact = await verifier.VerifyAsync(null, default);
            Assert.True(intact.Intact, $"after {string.Join(", ", steps)}: {string.Join("\n", intact.Mismatches)}");

            var files = (await WholeSiteAsync()).OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
            var (path, original) = files[(int)((uint)pick % (uint)files.Count)];
            var changed = original.ToArray();
            changed[(int)((uint)pick % (uint)changed.Length)] ^= flip;
            await site.WriteAsync(path, changed, SiteContentTypes.For(path), default);
            var tampered = await verifier.VerifyAsync(null, default);
            await site.WriteAsync(path, original, SiteContentTypes.For(path), default);

            Assert.False(tampered.Intact, $"one byte of {path} changed after {string.Join(", ", steps)}, and the site still verified");
            Assert.Contains(path, tampered.FirstMismatch);
        }, iter: 8, threads: 1);

        Assert.True((await verifier.VerifyAsync(null, default)).Intact);
    }
}
