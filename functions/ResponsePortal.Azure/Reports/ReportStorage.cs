using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ResponsePortal.Azure.Storage;
using ResponsePortal.Common;
using ResponsePortal.Communications;
using ResponsePortal.Replies;
using ResponsePortal.Reports;

namespace ResponsePortal.Azure.Reports;

/// <summary>The reports feature's tables (docs/data-model.md, "Reports").</summary>
public static class ReportStorageNames
{
    public const string PeriodsTable = "ReportingPeriods";
    public const string IndexTable = "ReportIndex";
}

public static class ReportStorageKeys
{
    public const string PeriodPartition = "period";

    /// <summary>ReportingPeriods: one partition (three periods a year), one row per period.</summary>
    public static (string PartitionKey, string RowKey) Period(string id) => (PeriodPartition, id);

    /// <summary>ReportIndex: a letter in the partition of the month it was sent (<c>sent-yyyy-MM</c>), row <c>yyyy-MM-dd|slug</c>.</summary>
    public static (string PartitionKey, string RowKey) Sent(DateOnly day, string slug) => (Month("sent", day), $"{Day(day)}|{slug}");

    /// <summary>ReportIndex: a reply in the partition of the month it was received (<c>reply-yyyy-MM</c>, Geneva), row <c>yyyy-MM-dd|slug|replyId</c>.</summary>
    public static (string PartitionKey, string RowKey) Reply(DateOnly day, string slug, string replyId) => (Month("reply", day), $"{Day(day)}|{slug}|{replyId}");

    /// <summary>
    /// The queries of a period: per month it touches, <c>PartitionKey eq '{kind}-yyyy-MM' and RowKey ge 'from' and RowKey lt 'to + 1 day'</c>,
    /// so exactly the period's rows are read.
    /// </summary>
    public static IEnumerable<string> Range(string kind, DateOnly from, DateOnly to)
    {
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            var start = month < from ? from : month;
            var end = month.AddMonths(1).AddDays(-1) > to ? to : month.AddMonths(1).AddDays(-1);
            yield return TableClient.CreateQueryFilter($"PartitionKey eq {Month(kind, month)} and RowKey ge {Day(start)} and RowKey lt {Day(end.AddDays(1))}");
        }
    }

    private static string Month(string kind, DateOnly day) => $"{kind}-{day.ToString("yyyy-MM", CultureInfo.InvariantCulture)}";

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

public sealed class ReportingPeriodEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Name { get; set; } = "";
    public string Session { get; set; } = "";
    public string StartsOn { get; set; } = "";
    public string EndsOn { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    /// <summary>JSON array of versions: {number, publishedAt, publishedBy, corrigendum}.</summary>
    public string Versions { get; set; } = "[]";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ReportingPeriodEntity From(ReportingPeriod p)
    {
        var (pk, rk) = ReportStorageKeys.Period(p.Id);
        return new ReportingPeriodEntity
        {
            PartitionKey = pk, RowKey = rk, Name = p.Name, Session = p.Session,
            StartsOn = p.StartsOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), EndsOn = p.EndsOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            CreatedAt = p.CreatedAt, CreatedBy = p.CreatedBy, Versions = JsonSerializer.Serialize(p.Versions, Json),
            ETag = p.ConcurrencyToken is { } token ? new ETag(token) : default,
        };
    }

    public ReportingPeriod ToDomain()
    {
        var period = new ReportingPeriod
        {
            Id = RowKey, Name = Name, Session = Session,
            StartsOn = DateOnly.ParseExact(StartsOn, "yyyy-MM-dd", CultureInfo.InvariantCulture), EndsOn = DateOnly.ParseExact(EndsOn, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            CreatedAt = CreatedAt, CreatedBy = CreatedBy, ConcurrencyToken = ETag.ToString(),
        };
        return ReportingPeriod.Restore(period, JsonSerializer.Deserialize<List<ReportVersion>>(Versions, Json) ?? []);
    }
}

public sealed class TableReportingPeriods(TableServiceClient tables) : IReportingPeriods
{
    private readonly TableClient _table = tables.GetTableClient(ReportStorageNames.PeriodsTable);

    public Task<bool> TryAddAsync(ReportingPeriod period, CancellationToken cancellationToken)
        => _table.TryAddAsync(ReportingPeriodEntity.From(period), cancellationToken);

    public async Task<ReportingPeriod?> FindAsync(string id, CancellationToken cancellationToken)
        => (await _table.FindAsync<ReportingPeriodEntity>(ReportStorageKeys.Period(id), cancellationToken))?.ToDomain();

    public async Task<IReadOnlyList<ReportingPeriod>> ListAsync(CancellationToken cancellationToken)
        => (await _table.ListAsync<ReportingPeriodEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {ReportStorageKeys.PeriodPartition}"), cancellationToken))
            .Select(e => e.ToDomain()).ToList();

    public async Task<bool> TryUpdateAsync(ReportingPeriod period, CancellationToken cancellationToken)
    {
        var entity = ReportingPeriodEntity.From(period);
        try
        {
            var response = await _table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
            period.ConcurrencyToken = response.Headers.ETag?.ToString();
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }
}

public sealed class ReportIndexEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Day { get; set; } = "";
    public string Slug { get; set; } = "";
    public string AddresseeId { get; set; } = "";
    // A reply's row only: the facts of ReportReplyEntry.
    public string? ReplyId { get; set; }
    public string? Reference { get; set; }
    public DateTimeOffset? ClosesAt { get; set; }
    public DateTimeOffset? ReceivedAt { get; set; }
    public int? DaysLate { get; set; }
    public bool? ConfidentialityRequested { get; set; }

    private DateOnly ParsedDay => DateOnly.ParseExact(Day, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public ReportIndexEntry ToSent() => new(ParsedDay, Slug, AddresseeId);

    public ReportReplyEntry ToReply() => new(ParsedDay, Slug, AddresseeId, ReplyId ?? "", Reference ?? Slug, ClosesAt ?? DateTimeOffset.MaxValue,
        ReceivedAt ?? DateTimeOffset.MinValue, DaysLate ?? 0, ConfidentialityRequested ?? true);
}

/// <summary>The report index in Table Storage. Rows are upserted: writing one again (a replay, a repair) changes nothing.</summary>
public sealed class TableReportIndex(TableServiceClient tables) : IReportIndex
{
    private readonly TableClient _table = tables.GetTableClient(ReportStorageNames.IndexTable);

    public Task AddSentAsync(DateOnly sentOn, string slug, string addresseeId, CancellationToken cancellationToken)
        => _table.UpsertEntityAsync(SentEntity(sentOn, slug, addresseeId), TableUpdateMode.Replace, cancellationToken);

    public Task AddReplyAsync(ReportReplyEntry entry, CancellationToken cancellationToken)
        => _table.UpsertEntityAsync(ReplyEntity(entry), TableUpdateMode.Replace, cancellationToken);

    public async Task<IReadOnlyList<ReportIndexEntry>> ListSentAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
        => (await ListAsync("sent", from, to, cancellationToken)).Select(e => e.ToSent()).OrderBy(e => e.Day).ThenBy(e => e.Slug, StringComparer.Ordinal).ToList();

    public async Task<IReadOnlyList<ReportReplyEntry>> ListRepliesAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
        => (await ListAsync("reply", from, to, cancellationToken)).Select(e => e.ToReply()).OrderBy(e => e.ReceivedAt).ThenBy(e => e.ReplyId, StringComparer.Ordinal).ToList();

    /// <summary>A letter's row (also for bulk loads: the benchmark's synthetic archive).</summary>
    public static ReportIndexEntity SentEntity(DateOnly sentOn, string slug, string addresseeId)
    {
        var (pk, rk) = ReportStorageKeys.Sent(sentOn, slug);
        return new() { PartitionKey = pk, RowKey = rk, Day = sentOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Slug = slug, AddresseeId = addresseeId };
    }

    /// <summary>A reply's row.</summary>
    public static ReportIndexEntity ReplyEntity(ReportReplyEntry e)
    {
        var (pk, rk) = ReportStorageKeys.Reply(e.Day, e.Slug, e.ReplyId);
        return new()
        {
            PartitionKey = pk, RowKey = rk, Day = e.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Slug = e.Slug, AddresseeId = e.AddresseeId,
            ReplyId = e.ReplyId, Reference = e.Reference, ClosesAt = e.ClosesAt, ReceivedAt = e.ReceivedAt, DaysLate = e.DaysLate, ConfidentialityRequested = e.ConfidentialityRequested,
        };
    }

    private async Task<IEnumerable<ReportIndexEntity>> ListAsync(string kind, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        // One query per month of the period, at once; each reads only its month's rows inside the period.
        var months = await Task.WhenAll(ReportStorageKeys.Range(kind, from, to).Select(filter => _table.ListAsync<ReportIndexEntity>(filter, cancellationToken)));
        return months.SelectMany(m => m);
    }
}

public static class ReportsRegistration
{
    /// <summary>The reports feature: periods, the index (fed by registration and stored replies), the report use case and its publisher.</summary>
    public static IServiceCollection AddReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IReportingPeriods, TableReportingPeriods>();
        services.AddSingleton<IReportIndex, TableReportIndex>();
        services.AddSingleton(sp => new ReportIndexing(sp.GetRequiredService<IReportIndex>(), sp.GetRequiredService<IOptions<PortalOptions>>().Value.SecretariatTimeZone()));
        services.AddSingleton<ICommunicationRegistered>(sp => sp.GetRequiredService<ReportIndexing>());
        services.AddSingleton<IReplyStored>(sp => sp.GetRequiredService<ReportIndexing>());
        services.AddSingleton<ReportPublisher>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<ReportService>(sp, sp.GetRequiredService<IOptions<PortalOptions>>().Value.SecretariatTimeZone()));
        services.AddSingleton(new StorageResources([ReportStorageNames.PeriodsTable, ReportStorageNames.IndexTable], [], []));
        return services;
    }
}
