namespace ResponsePortal.Publication;

/// <summary>
/// An entry of the site's main Atom feed (<c>feeds/all.xml</c>) that is no communication: a version of a report to the
/// Human Rights Council (docs/reports.md). Written by the report publisher, rendered into the feed by
/// <see cref="SitePages.Feed"/> whenever the site rewrites it. Its texts are in the feed's language (the site's first).
/// </summary>
/// <param name="Id">The entry's id and page: the version's absolute address.</param>
/// <param name="Enclosure">A file the entry offers (the report's PDF), absolute.</param>
/// <param name="Checkpoint">The publication log's head just before the entry that published it, as communication entries carry it.</param>
public sealed record FeedAnnouncement(string Id, string Title, DateTimeOffset Published, string Summary, string? Enclosure, string? EnclosureType, LogCheckpoint? Checkpoint)
{
    /// <summary>
    /// Where the announcements are kept: under <c>reports/</c>, which the reports own, so a whole-site rebuild keeps
    /// them (and writes them into the feed it renders again).
    /// </summary>
    public const string Path = "reports/announcements.json";
}
