namespace ResponsePortal.Publication;

/// <summary>
/// Every fixed sentence of the public site, in one place. English only for now; a translation is another
/// instance of this class (the portal pages add French and Spanish later).
/// </summary>
public sealed record SiteText
{
    public static readonly SiteText English = new();

    public string Language { get; init; } = "en";
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
    public string SearchIntro { get; init; } = "Search runs in your browser from the published index. Without JavaScript, browse by addressee, mandate, year or type below.";
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

    public string DaysLate(int days) => days == 1 ? "Late by 1 day" : $"Late by {days} days";
    public string CommunicationsCount(int count) => count == 1 ? "1 communication" : $"{count} communications";

    public string TypeName(string type) => type switch
    {
        "AL" => "Allegation letter",
        "UA" => "Urgent appeal",
        "OL" => "Other letter",
        _ => type,
    };

    public string ReplyStatusName(string status) => status switch
    {
        "on-time" => RepliedOnTime,
        "late" => RepliedLate,
        _ => NoReply,
    };
}
