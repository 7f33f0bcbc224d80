using ResponsePortal.Addressees;
using ResponsePortal.Common;
using ResponsePortal.Communications;
using ResponsePortal.DevHost.Auth;

namespace ResponsePortal.DevHost.Demo;

/// <summary>
/// The case that started the project, described in our own words: four letters of 25 January 2021 about
/// abuse images of girls shared on Instagram. Only AL USA 2/2021 is a real reference; the other three
/// numbers are placeholders, and every demo letter says so.
/// </summary>
public sealed class DemoCase(AddresseeDirectory directory, CommunicationRegistration registration, ICommunicationRepository communications, ILogger<DemoCase> logger)
{
    public const string CaseId = "instagram-girls-2021";
    public const string SentOn = "2021-01-25";

    /// <summary>A fresh demo starts on the morning the letters were sent (09:00 in Geneva), so a person can watch the whole window.</summary>
    public static readonly DateTimeOffset ClockStart = new(2021, 1, 25, 8, 0, 0, TimeSpan.Zero);

    public static readonly IReadOnlyList<string> Mandates =
    [
        "Working Group on discrimination against women and girls",
        "Special Rapporteur on the sale and sexual exploitation of children",
        "Special Rapporteur on trafficking in persons, especially women and children",
        "Special Rapporteur on violence against women, its causes and consequences",
    ];

    public static readonly IReadOnlyList<(string Id, AddresseeKind Kind, string Name, string Reference, bool Placeholder, string Contact)> Letters =
    [
        ("USA", AddresseeKind.State, "United States of America", "AL USA 2/2021", false, "mission-usa@example.org"),
        ("ROU", AddresseeKind.State, "Romania", "AL ROU 1/2021", true, "mission-romania@example.org"),
        ("GBR", AddresseeKind.State, "United Kingdom of Great Britain and Northern Ireland", "AL GBR 1/2021", true, "mission-uk@example.org"),
        ("facebook", AddresseeKind.Company, "Facebook (Meta Platforms, Inc.)", "AL OTH 1/2021", true, "legal-facebook@example.org"),
    ];

    public const string Subject = "Sexual abuse images of girls shared through Instagram accounts";

    public static string SummaryFor(string addresseeName)
        => $"Four UN human-rights mandates write to {addresseeName} about reports that sexualised images of girls from Romania, " +
           "some aged 12, were posted on anonymous Instagram accounts and shared in group chats without their knowledge, and " +
           "about the protection, investigation and remedies available to the victims. The mandates ask for information on " +
           "the steps taken and will publish the letter and any reply after 60 days.";

    /// <summary>Who the directory's audit trail names for the demo's addressees, contacts and members.</summary>
    private static readonly string SeededBy = Caller.System("demo-seed").UserId;

    /// <summary>Loads the demo case once: addressees, contacts, members for the personas, and the four letters.</summary>
    public async Task<bool> LoadIfMissingAsync(CancellationToken cancellationToken)
    {
        if (await communications.FindAsync(Reference.SlugOf(Letters[0].Reference), cancellationToken) is not null)
        {
            return false;
        }
        foreach (var letter in Letters)
        {
            Require(await directory.SaveAsync(SeededBy, letter.Id, new AddresseeDraft { Kind = letter.Kind.ToString(), Name = letter.Name, PreferredLanguage = "en" }, cancellationToken));
            Require(await directory.SaveContactAsync(SeededBy, letter.Id, letter.Contact, new ContactDraft { Name = $"Demo contact for {letter.Name}", Language = "en" }, cancellationToken));
        }
        foreach (var persona in DevTokens.Personas.Where(p => p.AddresseeId is not null))
        {
            Require(await directory.SaveMemberAsync(SeededBy, persona.AddresseeId!, persona.UserId, new MemberDraft { DisplayName = persona.DisplayName }, cancellationToken));
        }

        var files = new Dictionary<string, FileUpload>(StringComparer.Ordinal);
        var draft = new CaseDraft { Id = CaseId, Title = Subject, Communications = [] };
        foreach (var letter in Letters)
        {
            var bytes = DemoLetter.Docx(letter.Reference, letter.Name, letter.Kind == AddresseeKind.Company, letter.Placeholder);
            var fileName = Reference.SlugOf(letter.Reference) + ".docx";
            files[fileName] = new FileUpload(fileName, bytes.Length, new MemoryStream(bytes));
            draft.Communications.Add(new CaseLetterDraft
            {
                LetterFile = fileName,
                Communication = new CommunicationDraft
                {
                    Reference = letter.Reference,
                    AddresseeId = letter.Id,
                    Subject = Subject,
                    Summary = SummaryFor(letter.Name),
                    Mandates = Mandates.ToList(),
                    SentOn = SentOn,
                    ReplyWindowDays = 60,
                },
            });
        }
        var outcome = await registration.RegisterCaseAsync(Caller.System("demo-seed"), draft, files, cancellationToken);
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException("The demo case could not be loaded: " + outcome.Problem!.Detail);
        }
        logger.LogInformation("Demo case {CaseId} loaded with {Count} letters", CaseId, outcome.Value.Communications.Count);
        return true;
    }

    private static void Require<T>(Outcome<T> outcome)
    {
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException("The demo data could not be loaded: " + outcome.Problem!.Detail);
        }
    }
}
