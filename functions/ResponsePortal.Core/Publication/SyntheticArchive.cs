using System.Security.Cryptography;
using System.Text;
using ResponsePortal.Communications;
using ResponsePortal.Deadlines;
using ResponsePortal.Documents;
using ResponsePortal.Replies;

namespace ResponsePortal.Publication;

/// <summary>
/// A deterministic synthetic archive for demos and benchmarks: communication number i depends only on the seed
/// and i (not on how many are generated), so an archive of 200 and one of 20,000 share their first 200 letters.
/// Every text says it is synthetic. File bytes are derived from their blob names, so nothing is stored.
/// </summary>
public sealed class SyntheticArchive(int seed, TimeZoneInfo timeZone) : IPublicationFileSource
{
    private static readonly (string Id, string Name, string Code)[] Addressees =
    [
        ("ARG", "Argentina", "ARG"), ("AUS", "Australia", "AUS"), ("BRA", "Brazil", "BRA"), ("CAN", "Canada", "CAN"), ("CHL", "Chile", "CHL"),
        ("CHN", "China", "CHN"), ("COL", "Colombia", "COL"), ("EGY", "Egypt", "EGY"), ("FRA", "France", "FRA"), ("DEU", "Germany", "DEU"),
        ("IND", "India", "IND"), ("IDN", "Indonesia", "IDN"), ("IRN", "Iran (Islamic Republic of)", "IRN"), ("ITA", "Italy", "ITA"), ("JPN", "Japan", "JPN"),
        ("KEN", "Kenya", "KEN"), ("MEX", "Mexico", "MEX"), ("NGA", "Nigeria", "NGA"), ("PAK", "Pakistan", "PAK"), ("PER", "Peru", "PER"),
        ("PHL", "Philippines", "PHL"), ("POL", "Poland", "POL"), ("ROU", "Romania", "ROU"), ("RUS", "Russian Federation", "RUS"), ("SAU", "Saudi Arabia", "SAU"),
        ("ZAF", "South Africa", "ZAF"), ("ESP", "Spain", "ESP"), ("LKA", "Sri Lanka", "LKA"), ("TUR", "Türkiye", "TUR"), ("UGA", "Uganda", "UGA"),
        ("GBR", "United Kingdom of Great Britain and Northern Ireland", "GBR"), ("USA", "United States of America", "USA"), ("VNM", "Viet Nam", "VNM"), ("ZWE", "Zimbabwe", "ZWE"),
        ("acme-mining", "Acme Mining Ltd (synthetic)", "OTH"), ("globex", "Globex Corporation (synthetic)", "OTH"), ("initech", "Initech Platforms (synthetic)", "OTH"),
        ("umbrella", "Umbrella Pharmaceuticals (synthetic)", "OTH"), ("stark-arms", "Stark Arms (synthetic)", "OTH"), ("wayne-shipping", "Wayne Shipping (synthetic)", "OTH"),
    ];

    private static readonly string[] Mandates =
    [
        "Special Rapporteur on the situation of human rights defenders", "Special Rapporteur on freedom of expression", "Special Rapporteur on torture",
        "Working Group on Arbitrary Detention", "Working Group on Enforced or Involuntary Disappearances", "Special Rapporteur on extrajudicial executions",
        "Special Rapporteur on the right to food", "Special Rapporteur on adequate housing", "Special Rapporteur on the independence of judges and lawyers",
        "Special Rapporteur on the rights of Indigenous Peoples", "Special Rapporteur on violence against women, its causes and consequences",
        "Special Rapporteur on the sale and sexual exploitation of children", "Special Rapporteur on trafficking in persons, especially women and children",
        "Working Group on business and human rights", "Special Rapporteur on the right to health", "Special Rapporteur on freedom of religion or belief",
        "Special Rapporteur on toxics and human rights", "Special Rapporteur on the rights of persons with disabilities", "Special Rapporteur on minority issues",
        "Working Group on discrimination against women and girls",
    ];

    private static readonly string[] Topics =
    [
        "detention of a journalist", "eviction of a community", "threats against a human rights defender", "death in custody", "forced disappearance of activists",
        "pollution of a river by a mine", "restrictions on peaceful assembly", "trafficking of workers on fishing vessels", "online abuse of children",
        "access to medicines", "land rights of Indigenous peoples", "independence of the judiciary", "conditions in migrant detention", "attacks on health workers",
    ];

    public static readonly DateOnly FirstDay = new(2011, 1, 3);
    public const int PerDay = 4;

    /// <summary>
    /// The first <paramref name="count"/> communications, in order. Each depends only on the seed and its number, so they
    /// are made on every core: generating and hashing each document's text is most of the cost (4 s of a 20,000
    /// archive's 27 s <c>site generate</c> when made one after another).
    /// </summary>
    public IReadOnlyList<PublicationInput> Generate(int count)
    {
        var inputs = new PublicationInput[count];
        Parallel.For(0, count, i => inputs[i] = One(i));
        return inputs;
    }

    /// <summary>Synthetic communication number <paramref name="index"/>; later numbers are sent (and published) later.</summary>
    public PublicationInput One(int index)
    {
        var random = new Random(SeedOf(seed, index));
        var addressee = Addressees[random.Next(Addressees.Length)];
        var type = random.Next(10) switch { < 6 => CommunicationType.AL, < 9 => CommunicationType.UA, _ => CommunicationType.OL };
        var sentOn = FirstDay.AddDays(index / PerDay);
        var reference = new Reference(type, addressee.Code, index % 99_999 + 1, sentOn.Year);
        var mandates = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Mandates[random.Next(Mandates.Length)]).Distinct().ToList();
        var topic = Topics[random.Next(Topics.Length)];
        var window = ReplyWindow.Compute(sentOn, 60, timeZone);
        var letterName = $"synthetic/{reference.Slug}/letter.txt";
        var letter = Document(letterName, $"{reference.Slug}.txt");
        var registeredAt = new DateTimeOffset(sentOn.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
        var communication = new Communication
        {
            Reference = reference,
            AddresseeId = addressee.Id,
            Subject = $"Synthetic letter about the {topic}",
            Summary = $"SYNTHETIC DATA for demos and benchmarks (seed {seed}, number {index}). The mandates write to {addressee.Name} about the {topic} and ask for information on the steps taken.",
            Mandates = mandates,
            Window = window,
            Letter = letter,
            CaseId = null,
            RegisteredAt = registeredAt,
            RegisteredBy = "system:synthetic",
        };

        var replies = new List<Reply>();
        var replyCount = random.Next(10) switch { < 4 => 0, < 9 => 1, _ => 2 };
        for (int r = 0; r < replyCount; r++)
        {
            var receivedAt = registeredAt.AddDays(5 + random.Next(80)).AddMinutes(random.Next(600));
            var id = $"{reference.Slug}-r{r + 1}";
            var confidentiality = random.Next(25) switch
            {
                0 => new ConfidentialityRequest("ongoing investigation", "synthetic reason", receivedAt, "synthetic", new ConfidentialityDecision(true, "system:synthetic", receivedAt.AddDays(2), null)),
                1 => new ConfidentialityRequest("personal data", "synthetic reason", receivedAt, "synthetic", new ConfidentialityDecision(false, "system:synthetic", receivedAt.AddDays(2), null)),
                _ => null,
            };
            var fileName = $"reply-{r + 1}.txt";
            var blobName = $"synthetic/{reference.Slug}/{id}/{fileName}";
            var document = Document(blobName, fileName);
            replies.Add(new Reply(id, reference.Slug, addressee.Id, receivedAt, window.DaysLate(receivedAt, timeZone), random.Next(3) == 0 ? "Synthetic covering note." : null, "en",
                [new ReplyFile(blobName, fileName, document.ContentType, document.Size, document.Sha256)], confidentiality, $"receipt-{id}", "synthetic"));
        }
        replies.Sort((a, b) => a.ReceivedAt.CompareTo(b.ReceivedAt));
        // Strictly increasing with the index, so publication order is the generation order.
        var publishedAt = window.ClosesAt.AddMinutes(5 + index % PerDay);
        Communication.Restore(communication, replies.FirstOrDefault()?.ReceivedAt, replies.Count, publishedAt, null, null);
        return new PublicationInput(communication, addressee.Name, replies, []);
    }

    /// <summary>
    /// The random seed of communication <paramref name="index"/>: a fixed mix (SplitMix64's finaliser) of the archive's seed and
    /// the index. Not <see cref="HashCode"/>, whose values are randomised per process: with it the "same" archive differed from
    /// one run to the next, so demos, benchmarks and tests built on it were not reproducible.
    /// </summary>
    public static int SeedOf(int seed, int index)
    {
        unchecked
        {
            var x = ((ulong)(uint)seed << 32 | (uint)index) + 0x9E3779B97F4A7C15UL;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            x ^= x >> 31;
            return (int)(x & int.MaxValue);
        }
    }

    private static StoredDocument Document(string blobName, string fileName)
    {
        var bytes = Content(blobName);
        return new StoredDocument(blobName, fileName, "text/plain; charset=utf-8", bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    /// <summary>
    /// A document's bytes: plain UTF-8 text of a few pages (see <see cref="GeneratedText"/>), so extraction and the
    /// full-text index work on text of realistic length. Letters are in English; a reply is in English, French or
    /// Spanish, chosen from its name.
    /// </summary>
    public static byte[] Content(string blobName)
    {
        var text = new Utf8Text(8192);
        text.Append(Encoding.UTF8.GetBytes($"SYNTHETIC DOCUMENT generated for demos and benchmarks; not an official text.\n{blobName}\n\n"));
        WriteDocument(blobName, ref text);
        return text.ToArray();
    }

    /// <summary>The generated text of a synthetic letter or reply (<see cref="Content"/> without its heading), a function of its blob name only.</summary>
    public static string DocumentText(string blobName)
    {
        var text = new Utf8Text(8192);
        WriteDocument(blobName, ref text);
        return text.ToString();
    }

    private static void WriteDocument(string blobName, ref Utf8Text text)
    {
        var key = StableHash(blobName);
        var isLetter = blobName.EndsWith("/letter.txt", StringComparison.Ordinal);
        var language = isLetter ? "en" : (key % 10) switch { < 6 => "en", < 8 => "fr", _ => "es" };
        var pages = isLetter ? 2 + (int)(key / 10 % 3) : 1 + (int)(key / 10 % 5);
        WriteText(key, language, pages, ref text);
    }

    /// <summary>
    /// Deterministic prose of about <paramref name="pages"/> pages (450 words each) in English, French or Spanish:
    /// words drawn with a Zipf law (function words most often, then a domain vocabulary, then rare names made of
    /// syllables, which give a search index its long tail), sentences of 8–25 words, paragraphs of 3–7 sentences
    /// separated by blank lines. The same key, language and pages give the same text in any process.
    /// </summary>
    public static string GeneratedText(ulong key, string language, int pages)
    {
        var text = new Utf8Text(pages * 3600);
        WriteText(key, language, pages, ref text);
        return text.ToString();
    }

    /// <summary>
    /// <see cref="GeneratedText"/> written as UTF-8 from words encoded once: the build reads every synthetic document
    /// this way, and a string built with a <see cref="StringBuilder"/>, interpolated and then encoded was copied three
    /// times, half the cost of making it (issue 13).
    /// </summary>
    private static void WriteText(ulong key, string language, int pages, ref Utf8Text text)
    {
        var vocabulary = SyntheticWords.For(language);
        var draws = new SyntheticWords.Draws(key);
        Span<byte> number = stackalloc byte[8];
        var words = 0;
        while (words < pages * 450)
        {
            var sentences = 3 + draws.Below(5);
            for (int s = 0; s < sentences; s++)
            {
                var length = 8 + draws.Below(18);
                for (int w = 0; w < length; w++)
                {
                    // One draw a word: its kind from the low 32 bits, the vocabulary's pick from the next 16, a comma from the top 16.
                    var bits = draws.Next();
                    var kind = (int)(((bits & uint.MaxValue) * 100) >> 32);
                    if (kind > 1)
                    {
                        // The vocabulary's words come with the space before them, or capitalised to start a sentence.
                        vocabulary.Write((ushort)(bits >> 32), first: w == 0, ref text);
                    }
                    else
                    {
                        if (w > 0)
                        {
                            text.Append((byte)' ');
                        }
                        if (kind == 0)
                        {
                            SyntheticWords.WriteName(ref draws, ref text);
                        }
                        else
                        {
                            (1 + draws.Below(2030)).TryFormat(number, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
                            text.Append(number[..written]);
                        }
                    }
                    if (w > 2 && w < length - 2 && ((bits >> 48) * 12 >> 16) == 0)
                    {
                        text.Append((byte)',');
                    }
                }
                text.Append(s == sentences - 1 ? ".\n\n"u8 : ". "u8);
                words += length;
            }
        }
    }

    /// <summary>A growing UTF-8 buffer, doubled as needed.</summary>
    internal struct Utf8Text(int capacity)
    {
        private byte[] _bytes = GC.AllocateUninitializedArray<byte>(capacity);
        private int _length;

        public void Append(byte b)
        {
            if (_length == _bytes.Length)
            {
                Grow(1);
            }
            _bytes[_length++] = b;
        }

        public void Append(ReadOnlySpan<byte> bytes)
        {
            if (_length + bytes.Length > _bytes.Length)
            {
                Grow(bytes.Length);
            }
            bytes.CopyTo(_bytes.AsSpan(_length));
            _length += bytes.Length;
        }

        private void Grow(int more)
        {
            var bytes = GC.AllocateUninitializedArray<byte>(Math.Max(_bytes.Length * 2, _length + more));
            _bytes.AsSpan(0, _length).CopyTo(bytes);
            _bytes = bytes;
        }

        /// <summary>
        /// Appends the first <paramref name="length"/> bytes of the <see cref="SyntheticWords.SlotBytes"/>-byte slot at
        /// <paramref name="offset"/>: the whole slot is copied as one block, and what lies past the length is written
        /// over by what comes next.
        /// </summary>
        public void AppendSlot(byte[] slots, int offset, int length)
        {
            if (_length + SyntheticWords.SlotBytes > _bytes.Length)
            {
                Grow(SyntheticWords.SlotBytes);
            }
            ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + SyntheticWords.SlotBytes, slots.Length);
            System.Runtime.CompilerServices.Unsafe.CopyBlockUnaligned(ref _bytes[_length], ref slots[offset], SyntheticWords.SlotBytes);
            _length += length;
        }

        public readonly byte[] ToArray() => _bytes.AsSpan(0, _length).ToArray();

        public override readonly string ToString() => Encoding.UTF8.GetString(_bytes, 0, _length);
    }

    /// <summary>FNV-1a over the name's UTF-16 units: stable across processes, unlike <see cref="string.GetHashCode()"/>.</summary>
    private static ulong StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return hash;
    }

    public Task<byte[]> ReadLetterAsync(StoredDocument document, CancellationToken cancellationToken) => Task.FromResult(Content(document.BlobName));

    public Task<byte[]> ReadReplyFileAsync(ReplyFile file, CancellationToken cancellationToken) => Task.FromResult(Content(file.BlobName));
}
