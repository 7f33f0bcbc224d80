using Azure.Data.Tables;
using ResponsePortal.Azure.Storage;
using ResponsePortal.Reminders;

namespace ResponsePortal.Azure.Reminders;

/// <summary>An addressee's notices: one partition, newest first.</summary>
public sealed class TableNoticeBoard(TableServiceClient tables) : INoticeBoard
{
    private readonly TableClient _notices = tables.GetTableClient(ReminderStorage.NoticesTable);

    public Task AddAsync(Notice notice, CancellationToken cancellationToken)
        => _notices.UpsertEntityAsync(new NoticeEntity(notice.AddresseeId, notice.Slug, notice.Kind)
        {
            Slug = notice.Slug,
            Kind = notice.Kind,
            At = notice.At,
            Title = notice.Title,
            Text = notice.Text,
            ClosesAt = notice.ClosesAt,
        }, TableUpdateMode.Replace, cancellationToken);

    public async Task<IReadOnlyList<Notice>> ListAsync(string addresseeId, CancellationToken cancellationToken)
        => (await _notices.ListAsync<NoticeEntity>(TableExtensions.PartitionFilter(addresseeId), cancellationToken))
            .Select(e => new Notice(e.PartitionKey, e.Slug, e.Kind, e.At, e.Title, e.Text, e.ClosesAt)).OrderByDescending(n => n.At).ToList();
}
