using Azure.Data.Tables;
using ResponsePortal.Communications;

namespace ResponsePortal.Azure.Storage;

public sealed class TableCaseRepository(TableServiceClient tables) : ICaseRepository, IMandateRepository
{
    private readonly TableClient _cases = tables.GetTableClient(StorageNames.CasesTable);
    private readonly TableClient _mandates = tables.GetTableClient(StorageNames.MandatesTable);

    public Task<bool> TryAddAsync(Case @case, CancellationToken cancellationToken) => _cases.TryAddAsync(EntityMapping.ToEntity(@case), cancellationToken);

    public async Task<Case?> FindAsync(string id, CancellationToken cancellationToken)
        => await _cases.FindAsync<CaseEntity>(StorageKeys.Case(id), cancellationToken) is { } e ? EntityMapping.ToDomain(e) : null;

    public Task SaveAsync(Mandate mandate, CancellationToken cancellationToken)
        => _mandates.UpsertEntityAsync(new MandateEntity(mandate.Id) { Name = mandate.Name }, TableUpdateMode.Replace, cancellationToken);

    public async Task<IReadOnlyList<Mandate>> ListAsync(CancellationToken cancellationToken)
        => (await _mandates.ListAsync<MandateEntity>(TableExtensions.PartitionFilter("mandate"), cancellationToken)).Select(e => new Mandate(e.RowKey, e.Name)).ToList();
}
