// The secretariat dashboard's figures, taken from GET api/monitoring/summary (DeadlineMonitor on the server, which
// derives them from each letter's window and reply facts); kept apart from the page so they can be checked alone.

/** The summary's lists under the dashboard's names, and one reply-rate row per addressee. */
export function dashboardFigures(summary) {
  return {
    at: summary.at,
    closing7: summary.closingIn7Days ?? [],
    closing30: summary.closingIn30Days ?? [],
    closedWithoutReply: summary.closedWithoutReply ?? [],
    lateReplies: summary.lateReplies ?? [],
    rates: (summary.byAddressee ?? [])
      .map(a => ({
        addresseeId: a.addresseeId,
        total: a.letters,
        replied: a.repliedOnTime + a.repliedLate,
        repliedLate: a.repliedLate,
        noReply: a.noReply,
        awaiting: a.awaiting,
        medianDaysToReply: a.medianDaysToReply,
      }))
      .sort((a, b) => a.addresseeId.localeCompare(b.addresseeId)),
  };
}
