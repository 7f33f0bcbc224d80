using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResponsePortal.Common;
using ResponsePortal.Communications;

namespace ResponsePortal.Reminders;

/// <summary>
/// Writes the due schedule of a newly registered communication, and of every existing one on the first sweep
/// (communications registered before reminders existed). Rewriting a schedule is harmless: the keys are the same.
/// </summary>
public sealed class DueIndexBackfill(
    IDueIndex index,
    ICommunicationRepository communications,
    TimeProvider clock,
    IOptions<ReminderOptions> options,
    IOptions<PortalOptions> portal,
    ILogger<DueIndexBackfill> logger) : ICommunicationRegistered
{
    public Task OnRegisteredAsync(Communication communication, CancellationToken cancellationToken)
        => index.AddAsync(ScheduleOf(communication), cancellationToken);

    public IReadOnlyList<DueItem> ScheduleOf(Communication communication)
        => ReminderSchedule.For(communication.Slug, communication.AddresseeId, communication.Window, options.Value.Offsets(), portal.Value.SecretariatTimeZone());

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        int count = 0;
        foreach (var communication in await communications.ListAllAsync(cancellationToken))
        {
            if (communication.Window.ClosesAt.AddDays(options.Value.FirstSweepLookbackDays) < now)
            {
                continue;
            }
            await index.AddAsync(ScheduleOf(communication), cancellationToken);
            count++;
        }
        logger.LogInformation("Due schedule written for {Count} open communications", count);
        return count;
    }
}
