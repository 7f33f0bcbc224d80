using System.Globalization;

namespace ResponsePortal.Publication;

/// <summary>
/// Every fixed sentence of the public site, in one place: English here, French and Spanish in
/// <see cref="French"/> and <see cref="Spanish"/> (SiteText.Translations.cs). Text that a person wrote
/// (subjects, summaries, notes, names) is never translated.
/// </summary>
public sealed partial record SiteText
{
    public static readonly SiteText English = new();

    /// <summary>The site's languages, the first one at the site root (and the x-default alternate).</summary>
    public static IReadOnlyList<SiteText> All => [English, French, Spanish];

    public string Language { get; init; } = "en";
    /// <summary>Folder of this language's pages: "" for English at the root, "fr/", "es/".</summary>
    public string Prefix { get; init; } = "";
    /// <summary>The language's own name, shown in the switcher.</summary>
    public string LanguageName { get; init; } = "English";
    public string LanguagesLabel { get; init; } = "Language";
    public string CultureName { get; init; } = "en-GB";
    /// <summary>Date format (.NET custom format) for the language; FirstOfMonthFormat replaces it on the 1st (French "1er").</summary>
    public string DateFormat { get; init; } = "d MMMM yyyy";
    public string? FirstOfMonthFormat { get; init; }
    /// <summary>How a date and a UTC time are joined: {0} the date, {1} the time.</summary>
    public string InstantFormat { get; init; } = "{0}, {1} UTC";
    /// <summary>A local date and time without a zone name: {0} the date, {1} the time.</summary>
    public string LocalInstantFormat { get; init; } = "{0}, {1}";
    /// <summary>The same instant in Geneva, where reply windows are defined, after the UTC one: {0} the time, with its date when that differs.</summary>
    public string GenevaFormat { get; init; } = "{0} in Geneva";
    public string TimeFormat { get; init; } = "HH:mm";
    /// <summary>Between a label and what follows (French puts a space before the colon).</summary>
    public string Colon { get; init; } = ": ";
    public string SiteName { get; init; } = "ResponsePortal";
    public string SkipLink { get; init; } = "Skip to main content";
    public string NavLabel { get; init; } = "Site";
    public string Home { get; init; } = "Home";
    public string AllCommunications { get; init; } = "All communications";
    public string Addressees { get; init; } = "Addressees";
    public string Mandates { get; init; } = "Mandates";
    public string Years { get; init; } = "Years";
    public string Types { get; init; } = "Types";
    public string Search { get; init; } = "Search";
    public string PublicationLog { get; init; } = "Publication log";
    public string OpenData { get; init; } = "Open data";
    public string Feeds { get; init; } = "Atom feed";
    public string Sitemap { get; init; } = "Sitemap";
    public string FooterAbout { get; init; } = "Letters sent by UN human-rights mandates and the replies received, published when each reply window closes.";
    public string HomeTitle { get; init; } = "Communications and replies";
    public string HomeIntro { get; init; } = "Each letter is published with every reply received when its reply window closes. Replies that arrive later are added when they arrive.";
    public string Latest { get; init; } = "Latest published";
    public string Nothing { get; init; } = "Nothing has been published yet.";
    public string Reference { get; init; } = "Reference";
    public string Addressee { get; init; } = "Addressee";
    public string Type { get; init; } = "Type";
    public string Sent { get; init; } = "Sent";
    public string WindowCloses { get; init; } = "Reply window closed";
    public string Published { get; init; } = "Published";
    public string Summary { get; init; } = "Summary";
    public string Letter { get; init; } = "Letter";
    public string PublicVersionNote { get; init; } = "This is the public version of the letter: names of victims and other protected details were removed by the secretariat.";
    public string Replies { get; init; } = "Replies";
    public string NoReplies { get; init; } = "No reply has been received.";
    public string Timeline { get; init; } = "Timeline";
    public string Received { get; init; } = "Received";
    public string OnTime { get; init; } = "On time";
    public string Download { get; init; } = "Download";
    public string Sha256 { get; init; } = "SHA-256";
    public string Note { get; init; } = "Note from the addressee";
    public string WithheldReply { get; init; } = "This reply is not published: the secretariat accepted the addressee's request to keep it confidential. Reason category:";
    public string PendingReply { get; init; } = "This reply is held back while the secretariat decides on the addressee's request to keep it confidential. It will be published, or replaced by a placeholder, once decided.";
    public string Corrected { get; init; } = "Corrected";
    public string CorrectedNotice { get; init; } = "This page was corrected and republished on";
    public string ReplyRecord { get; init; } = "Reply record";
    public string RepliedOnTime { get; init; } = "Replied on time";
    public string RepliedLate { get; init; } = "Replied late";
    public string NoReply { get; init; } = "No reply";
    public string MedianDays { get; init; } = "Median days to first reply";
    public string Communications { get; init; } = "Communications";
    public string Page { get; init; } = "Page";
    public string Newer { get; init; } = "Newer";
    public string Older { get; init; } = "Older";
    public string NotFoundTitle { get; init; } = "Page not found";
    public string NotFoundText { get; init; } = "There is no published page at this address. Letters appear here only once their reply window has closed.";
    public string SearchIntro { get; init; } = "Search finds words in the letters, the replies and their details (put a phrase in quotes), and runs in your browser from the published index. Without JavaScript, browse by addressee, mandate, year or type below.";
    public string SearchText { get; init; } = "Words";
    public string AnyOption { get; init; } = "Any";
    public string ReplyReceived { get; init; } = "Reply";
    public string ReplyReceivedYes { get; init; } = "Reply received";
    public string ReplyReceivedNo { get; init; } = "No reply received";
    public string Results { get; init; } = "Results";
    public string Browse { get; init; } = "Browse";
    public string LogIntro { get; init; } = "Every publication, republication and confidentiality placeholder adds an entry. Each entry holds the SHA-256 of every file it published and the hash of the entry before it, so changing any published byte or any entry breaks the chain. Verify it with the command in docs/publication.md.";
    public string HeadHash { get; init; } = "Head hash";
    public string Entries { get; init; } = "Entries";
    public string Sequence { get; init; } = "No.";
    public string Instant { get; init; } = "Instant (UTC)";
    public string Kind { get; init; } = "Kind";
    public string Files { get; init; } = "Files";
    public string EntryHash { get; init; } = "Entry hash";

    public string LogPagesLabel { get; init; } = "Log pages";
    public string OpenDataIntro { get; init; } = "All published communications and replies as JSON and CSV, in shards of publication order. The schema is documented in docs/open-data.md; index.json lists every shard.";
    public string Shard { get; init; } = "Shard";
    public string CommunicationsCsv { get; init; } = "communications CSV";
    public string RepliesCsv { get; init; } = "replies CSV";
    public string Kilobytes { get; init; } = "KB";
    public string Megabytes { get; init; } = "MB";
    public string Bytes { get; init; } = "B";
    public string Searching { get; init; } = "Searching…";
    public string ResultOne { get; init; } = "1 result.";
    public string ResultMany { get; init; } = "{0} results.";
    public string ResultsSoFar { get; init; } = "{0} found so far.";
    public string SearchMore { get; init; } = "Show more results";
    public string FoundInLetter { get; init; } = "In the letter";
    public string FoundInReply { get; init; } = "In reply {0}";
    public string SearchFailed { get; init; } = "The search index could not be loaded. Use the browse links below.";

    /// <summary>French counts 0 and 1 in the singular; English and Spanish only 1.</summary>
    public bool SingularBelowTwo { get; init; }
    public string DaysLateOne { get; init; } = "Late by {0} day";
    public string DaysLateMany { get; init; } = "Late by {0} days";
    public string CommunicationsOne { get; init; } = "{0} communication";
    public string CommunicationsMany { get; init; } = "{0} communications";
    public string WindowDaysOne { get; init; } = "{0} day";
    public string WindowDaysMany { get; init; } = "{0} days";

    public string TimelineSent { get; init; } = "Letter sent to {0}.";
    /// <summary>{0} is the window's length with its unit (<see cref="WindowDays"/>).</summary>
    public string TimelineWindowClosed { get; init; } = "Reply window of {0} closed.";
    public string TimelineReplyOnTime { get; init; } = "Reply received on time.";
    public string TimelineReplyLateOne { get; init; } = "Reply received {0} day late.";
    public string TimelineReplyLateMany { get; init; } = "Reply received {0} days late.";
    public string TimelinePublished { get; init; } = "Published.";
    public string TimelineCorrected { get; init; } = "Corrected and republished.";

    public string AllegationLetter { get; init; } = "Allegation letter";
    public string UrgentAppeal { get; init; } = "Urgent appeal";
    public string OtherLetter { get; init; } = "Other letter";

    public string KindPublication { get; init; } = "publication";
    public string KindLateReply { get; init; } = "late reply";
    public string KindRepublication { get; init; } = "republication";
    public string KindPlaceholder { get; init; } = "confidentiality placeholder";
    public string KindRebuild { get; init; } = "whole site rebuilt";
    public string KindReport { get; init; } = "report to the Council";
    /// <summary>The site's navigation link to <c>reports/</c>, the communications reports to the Human Rights Council.</summary>
    public string Reports { get; init; } = "Reports to the Council";
    /// <summary>The heading above a file's extracted text: {0} is the file's name.</summary>
    public string TextOf { get; init; } = "Text of {0}";
    public string TextExtracted { get; init; } = "This text was extracted automatically from the file, to read and search it here; it may miss tables, pictures or layout. The file is the authoritative version.";
    public string TextShowRest { get; init; } = "Show the rest of the text";
    public string TextTruncated { get; init; } = "The document is very long: the text shown here stops before its end. The rest is in the file.";
    public string TextNone { get; init; } = "No text could be read from this file: it is probably a scanned image. Open the file to read it.";
    public string TextNotText { get; init; } = "This file is an image or a format whose text is not shown here. Open the file to read it.";
    public string TextTooLarge { get; init; } = "This file is too large for its text to be shown here. Open the file to read it.";
    public string TextTimedOut { get; init; } = "Reading the text of this file took too long, so none is shown here. Open the file to read it.";
    public string TextUnreadable { get; init; } = "The text of this file could not be read (it may be damaged or protected). Open the file to read it.";
    public string VerifyTitle { get; init; } = "Verify this site";
    public string VerifyIntro { get; init; } = "Your browser checks, with no server of ours involved, that the publication log is an unbroken chain, that its head is signed with the portal's key, and that the page you came from is, byte for byte, what the log committed to.";
    public string VerifyPage { get; init; } = "Page to check (its address on this site)";
    public string VerifyButton { get; init; } = "Verify";
    public string VerifyNoScript { get; init; } = "This check needs JavaScript. Without it, run \"site verify --url\" or recompute the SHA-256 of each file listed in the log's manifests.";
    public string VerifyHead { get; init; } = "Signed head: entry {0}, signature valid.";
    public string VerifyChain { get; init; } = "Chain: {0} of {1} entries verified.";
    public string VerifyIntact { get; init; } = "Intact: the page and the publication log match.";
    public string VerifyMismatch { get; init; } = "Mismatch";
    public string VerifyThisPage { get; init; } = "Verify this page";

    /// <summary>
    /// Every date, number and count on every page asks for it: looked up in a lock-free map, as
    /// <see cref="CultureInfo.GetCultureInfo(string)"/> takes a lock each time (3 % of a full build's CPU).
    /// </summary>
    public CultureInfo Culture => Cultures.GetOrAdd(CultureName, CultureInfo.GetCultureInfo);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, CultureInfo> Cultures = new(StringComparer.Ordinal);

    private string Count(int n, string one, string many) => string.Format(Culture, n == 1 || (SingularBelowTwo && n == 0) ? one : many, n);

    public string DaysLate(int days) => Count(days, DaysLateOne, DaysLateMany);

    /// <summary>What the page says about a file whose text is not shown, or that what is shown was extracted.</summary>
    public string TextNote(Documents.Text.TextOutcome outcome) => outcome switch
    {
        Documents.Text.TextOutcome.Extracted => TextExtracted,
        Documents.Text.TextOutcome.NoText => TextNone,
        Documents.Text.TextOutcome.NotText => TextNotText,
        Documents.Text.TextOutcome.TooLarge => TextTooLarge,
        Documents.Text.TextOutcome.TimedOut => TextTimedOut,
        _ => TextUnreadable,
    };
    public string CommunicationsCount(int count) => Count(count, CommunicationsOne, CommunicationsMany);
    public string WindowDays(int days) => Count(days, WindowDaysOne, WindowDaysMany);

    public string FormatDate(DateTime date)
        => date.ToString(date.Day == 1 && FirstOfMonthFormat is { } first ? first : DateFormat, Culture);

    private static readonly TimeZoneInfo Geneva = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");

    /// <summary>An instant in UTC, then in Geneva: "26 March 2021, 22:59 UTC (23:59 in Geneva)"; Geneva's date is named when it is another day.</summary>
    public string FormatInstant(DateTime utc)
    {
        var geneva = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Geneva);
        var genevaText = geneva.Date == utc.Date
            ? geneva.ToString(TimeFormat, Culture)
            : string.Format(Culture, LocalInstantFormat, FormatDate(geneva), geneva.ToString(TimeFormat, Culture));
        return string.Format(Culture, InstantFormat, FormatDate(utc), utc.ToString(TimeFormat, Culture))
            + " (" + string.Format(Culture, GenevaFormat, genevaText) + ")";
    }

    public string FormatNumber(double value) => value.ToString("0.#", Culture);

    public string TypeName(string type) => type.ToUpperInvariant() switch
    {
        "AL" => AllegationLetter,
        "UA" => UrgentAppeal,
        "OL" => OtherLetter,
        _ => type,
    };

    public string ReplyStatusName(string status) => status switch
    {
        "on-time" => RepliedOnTime,
        "late" => RepliedLate,
        _ => NoReply,
    };

    /// <summary>A log entry's kind in this language; every one of <see cref="PublicationLogKinds.All"/> has its words.</summary>
    public string KindName(string kind) => kind switch
    {
        PublicationLogKinds.Publication => KindPublication,
        PublicationLogKinds.LateReply => KindLateReply,
        PublicationLogKinds.Republication => KindRepublication,
        PublicationLogKinds.ConfidentialityPlaceholder => KindPlaceholder,
        PublicationLogKinds.Rebuild => KindRebuild,
        PublicationLogKinds.Report => KindReport,
        _ => kind,
    };

    /// <summary>A timeline step in this language, rebuilt from its kind (record.json keeps the English sentence as data).</summary>
    public string TimelineText(TimelineEntry step, PublishedRecord record)
    {
        switch (step.Kind)
        {
            case "sent":
                return string.Format(Culture, TimelineSent, record.AddresseeName);
            case "window-closed":
                return string.Format(Culture, TimelineWindowClosed, WindowDays(record.ReplyWindowDays));
            case "reply":
                var daysLate = record.Replies.FirstOrDefault(r => r.ReceivedAt == step.At)?.DaysLate ?? 0;
                return daysLate <= 0 ? TimelineReplyOnTime : Count(daysLate, TimelineReplyLateOne, TimelineReplyLateMany);
            case "published":
                return TimelinePublished;
            case "corrected":
                return TimelineCorrected;
            default:
                return step.Text;
        }
    }
}
