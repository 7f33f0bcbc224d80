using Microsoft.Azure.Functions.Worker;
using ResponsePortal.Replies;

namespace ResponsePortal.Functions.Replies;

/// <summary>Finishes uploads whose host died: repairs stored replies from their outbox, removes the files of the others (ADR 0103).</summary>
public sealed class ReplyJanitorFunction(ReplyJanitor janitor)
{
    /// <summary>Every minute: an upload's lease lasts 60 s, so a dead upload is finished within about two minutes.</summary>
    [Function(nameof(ReplyJanitor))]
    public Task ReplyJanitor([TimerTrigger("0 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
        => janitor.RunAsync(cancellationToken);
}
