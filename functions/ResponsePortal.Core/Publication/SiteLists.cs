namespace ResponsePortal.Publication;

/// <summary>A communication as a line of a listing, a feed entry and a search-index entry.</summary>
public sealed record ListingEntry(
    string Slug,
    string Reference,
    string Type,
    string AddresseeId,
    string AddresseeName,
    string Subject,
    string Summary,
    IReadOnlyList<string> Mandates,
    int Year,
    DateOnly SentOn,
    DateTimeOffset PublishedAt,
    DateTimeOffset UpdatedAt,
    bool Corrected,
    string ReplyStatus,
    int? ReplyDays,
    int PublicReplies)
{
    public const int SummaryLength = 300;

    /// <summary>The publication log's head just before this entry was last published (in its Atom entry).</summary>
    public LogCheckpoint? Checkpoint { get; init; }

    /// <summary>The same listing line, whatever its checkpoint.</summary>
    public bool SameAs(ListingEntry other)
        => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(this with { Checkpoint = null }, SiteBuilder.Json).AsSpan()
            .SequenceEqual(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(other with { Checkpoint = null }, SiteBuilder.Json));

    public static ListingEntry From(PublishedRecord record)
    {
        var updated = record.Replies.Select(r => r.ReceivedAt).Append(record.PublishedAt).Append(record.CorrectedAt ?? record.PublishedAt).Max();
        var summary = record.Summary.Length <= SummaryLength ? record.Summary : record.Summary[..(SummaryLength - 1)].TrimEnd() + "…";
        return new ListingEntry(record.Slug, record.Reference, record.Type, record.AddresseeId, record.AddresseeName, record.Subject, summary,
            record.Mandates, record.Year, record.SentOn, record.PublishedAt, updated, record.CorrectedAt is not null, record.ReplyStatus, record.ReplyDays,
            record.Replies.Count(r => r.Status == ReplyEntryStatus.Published));
    }
}

/// <summary>A head of the publication log as a reader may keep it: a later rewrite of history would contradict it.</summary>
public sealed record LogCheckpoint(long Sequence, string Hash, DateTimeOffset At)
{
    public static LogCheckpoint? Of(PublicationLogHead? head)
        => head is { Sequence: > 0, At: { } at } ? new LogCheckpoint(head.Sequence, head.Hash, at) : null;
}

/// <summary>Counts of a listing, kept up to date entry by entry so no publish has to read the whole list.</summary>
public sealed class ListMeta
{
    public required string Key { get; init; }
    public required string Title { get; set; }
    public int Count { get; set; }
    public int Chunks { get; set; }
    public int OnTime { get; set; }
    public int Late { get; set; }
    public int None { get; set; }
    /// <summary>Days from sending to the first reply → how many communications; the median comes from it.</summary>
    public SortedDictionary<int, int> ReplyDays { get; init; } = [];

    public void Add(ListingEntry entry, int sign)
    {
        switch (entry.ReplyStatus)
        {
            case "on-time": OnTime += sign; break;
            case "late": Late += sign; break;
            default: None += sign; break;
        }
        if (entry.ReplyDays is { } days)
        {
            ReplyDays[days] = ReplyDays.GetValueOrDefault(days) + sign;
            if (ReplyDays[days] == 0)
            {
                ReplyDays.Remove(days);
            }
        }
    }

    public double? MedianReplyDays()
    {
        var total = ReplyDays.Values.Sum();
        if (total == 0)
        {
            return null;
        }
        int? lower = null;
        int seen = 0;
        foreach (var (days, count) in ReplyDays)
        {
            seen += count;
            // Positions (0-based) of the middle value(s): (total-1)/2 and total/2.
            if (lower is null && seen > (total - 1) / 2)
            {
                lower = days;
            }
            if (seen > total / 2)
            {
                return (lower!.Value + days) / 2.0;
            }
        }
        return lower;
    }
}

public enum ListKind
{
    All,
    Addressee,
    Mandate,
    Year,
    Type,
}

/// <summary>A listing of the site: its data shards, HTML pages and (for some) an Atom feed.</summary>
public sealed record SiteList(ListKind Kind, string Id, string Title, string? Value = null)
{
    public static readonly SiteList All = new(ListKind.All, "all", "All communications");

    public static SiteList Addressee(string id, string name) => new(ListKind.Addressee, SiteSlugs.Of(id), name, id);
    public static SiteList Mandate(string name) => new(ListKind.Mandate, SiteSlugs.Of(name), name);
    public static SiteList Year(int year) => new(ListKind.Year, year.ToString(System.Globalization.CultureInfo.InvariantCulture), year.ToString(System.Globalization.CultureInfo.InvariantCulture));
    /// <summary>The stored title is English (data); pages show the type in their own language.</summary>
    public static SiteList Type(string type) => new(ListKind.Type, type.ToLowerInvariant(), SiteText.English.TypeName(type));

    public string Key => Kind == ListKind.All ? "all" : $"{Kind.ToString().ToLowerInvariant()}/{Id}";

    public string HtmlDirectory => Kind switch
    {
        ListKind.All => "communications",
        ListKind.Addressee => $"addressees/{Id}",
        ListKind.Mandate => $"mandates/{Id}",
        ListKind.Year => $"years/{Id}",
        _ => $"types/{Id}",
    };

    public string DataDirectory => $"data/lists/{Key}";

    /// <summary>Feeds exist for everything, each addressee and each mandate.</summary>
    public string? FeedBase => Kind switch
    {
        ListKind.All => "feeds/all",
        ListKind.Addressee => $"feeds/addressees/{Id}",
        ListKind.Mandate => $"feeds/mandates/{Id}",
        _ => null,
    };

    public static IReadOnlyList<SiteList> For(PublishedRecord record)
    {
        var lists = new List<SiteList> { All, Addressee(record.AddresseeId, record.AddresseeName), Year(record.Year), Type(record.Type) };
        lists.AddRange(record.Mandates.Select(Mandate).DistinctBy(m => m.Id));
        return lists;
    }
}
