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

    public IReadOnlyList<PublicationInput> Generate(int count) => Enumerable.Range(0, count).Select(One).ToList();

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

    public static byte[] Content(string blobName)
        => Encoding.UTF8.GetBytes($"SYNTHETIC DOCUMENT generated for demos and benchmarks; not an official text.\n{blobName}\n\n{DocumentText(blobName)}");

    private static readonly string[] Openings =
    [
        "We have the honour to address you in our capacities as mandate holders of the Human Rights Council, pursuant to its resolutions.",
        "The Permanent Mission presents its compliments to the Office of the High Commissioner and has the honour to transmit the following information.",
        "In this connection, we would like to bring to the attention of your Government information we have received concerning the matters set out below.",
    ];

    private static readonly string[] Sentences =
    [
        "According to the information received, the authorities were informed of the allegations on several occasions but no investigation was opened.",
        "The persons concerned reportedly reported threats and harassment to the local police, who declined to register the complaint.",
        "Without prejudging the accuracy of these allegations, we express our serious concern at the reported lack of access to an effective remedy.",
        "We are further concerned that the measures described may have a chilling effect on civil society and on journalists covering the case.",
        "The Government wishes to state that the competent prosecutor has opened a preliminary inquiry and that hearings are scheduled.",
        "Legislation adopted in recent years provides for the protection of victims and witnesses, including children, during criminal proceedings.",
        "Information was also received that the company operating the platform did not remove the content for several weeks after it was reported.",
        "The community was allegedly not consulted before the decision was taken, and no adequate compensation or alternative housing was offered.",
        "Medical reports indicate injuries consistent with the account given by the detainee, who was held without access to a lawyer for four days.",
        "The ministry responsible has issued guidance to regional offices, and training for officials is planned for the coming year.",
        "We recall the obligation of the State to prevent, investigate, punish and redress harm caused by private actors within its territory or jurisdiction.",
        "The relevant international standards require that any restriction be provided by law, necessary and proportionate to a legitimate aim.",
        "Reports indicate that similar incidents have taken place in other provinces, which suggests a pattern rather than isolated acts.",
        "The victims and their families have asked for information on the progress of the proceedings and have received no answer to date.",
        "The Government rejects the characterisation of the events contained in the communication and provides the following clarifications.",
        "Data published by the national statistics office show an increase in reported cases over the last three years.",
        "Civil society organisations have documented the situation in detailed reports submitted to the national human rights institution.",
        "The regulator has the power to impose fines on service providers that fail to act on notices of unlawful content.",
        "The detention facility is reportedly overcrowded, with limited access to water, food, medical care and visits from relatives.",
        "Appropriate measures have been taken to ensure that the persons concerned can continue their work in a safe and enabling environment.",
    ];

    private static readonly string[] Questions =
    [
        "Please provide any additional information and comment you may have on the above-mentioned allegations.",
        "Please provide information on the measures taken to investigate the allegations and to bring those responsible to justice.",
        "Please indicate the legal basis for the measures described and explain how they are compatible with international human rights law.",
        "Please provide information on the support, protection and remedies made available to the victims and their families.",
        "Please describe the steps taken to prevent the recurrence of such acts, including any legislative or policy reform.",
        "Please explain what due diligence the company carries out to identify, prevent and mitigate the adverse impacts described.",
    ];

    /// <summary>
    /// The text of a synthetic letter or reply, a function of its blob name only: a few pages (about 6,000 to 12,000
    /// characters) of letter-like paragraphs with questions, so text extraction and the full-text index are measured on
    /// documents of realistic length. Each document says it is synthetic.
    /// </summary>
    public static string DocumentText(string blobName)
    {
        var random = new Random(BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(blobName))) & int.MaxValue);
        var text = new StringBuilder(12_000);
        text.Append(Openings[random.Next(Openings.Length)]).Append(" This synthetic document is generated for demos and benchmarks.\n\n");
        var paragraphs = 8 + random.Next(9);
        for (int p = 0; p < paragraphs; p++)
        {
            var sentences = 3 + random.Next(4);
            for (int s = 0; s < sentences; s++)
            {
                text.Append(Sentences[random.Next(Sentences.Length)]).Append(s + 1 < sentences ? ' ' : '\n');
            }
            text.Append('\n');
        }
        foreach (var question in Questions.Where(_ => random.Next(3) > 0))
        {
            text.Append(question).Append("\n\n");
        }
        text.Append("This communication and any response received will be made public after 60 days. Synthetic text, not an official document.\n");
        return text.ToString();
    }

    public Task<byte[]> ReadLetterAsync(StoredDocument document, CancellationToken cancellationToken) => Task.FromResult(Content(document.BlobName));

    public Task<byte[]> ReadReplyFileAsync(ReplyFile file, CancellationToken cancellationToken) => Task.FromResult(Content(file.BlobName));
}
