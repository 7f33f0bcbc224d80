// The secretariat dashboard's figures, kept apart from the page so they can be checked on their own.
const DAY = 86_400_000;
const OPEN = ['awaiting-reply', 'due-soon'];
const REPLIED = ['replied', 'replied-late'];

/**
 * The dashboard's figures, computed from GET api/communications. When the monitoring endpoints land
 * (issue 4), this is the one function to point at them.
 */
export function dashboardFigures(list, at) {
  const closingWithin = days => list.filter(c => OPEN.includes(c.phase) && new Date(c.closesAt).getTime() - at <= days * DAY);
  const hasReply = c => REPLIED.includes(c.phase) || c.firstReplyAt != null;
  const byAddressee = new Map();
  for (const c of list) {
    const row = byAddressee.get(c.addresseeId) ?? { addresseeId: c.addresseeId, total: 0, replied: 0 };
    row.total++;
    if (hasReply(c)) row.replied++;
    byAddressee.set(c.addresseeId, row);
  }
  return {
    closing7: closingWithin(7),
    closing30: closingWithin(30),
    closedWithoutReply: list.filter(c => c.phase === 'no-reply' || (c.phase === 'published' && !c.firstReplyAt)),
    lateReplies: list.filter(c => c.phase === 'replied-late' || (c.firstReplyAt && new Date(c.firstReplyAt) > new Date(c.closesAt))),
    rates: [...byAddressee.values()].sort((a, b) => a.addresseeId.localeCompare(b.addresseeId)),
  };
}
