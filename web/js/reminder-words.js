// The reminder log's kinds and letters in words, for the reminder log page and the dashboard (docs/reminders.md):
// "30d" … "1d" (days before the close), "closure", and the notifications "receipt-{replyId}", "reply-{replyId}" and
// "digest-{year}-W{week}" (under the slug "weekly-digest", which is no letter).
import { h } from './dom.js';
import { t, days, currentLanguage } from './i18n.js';

export const DIGEST_SLUG = 'weekly-digest';

// The Monday of an ISO week, as a UTC date: the week of 4 January is week 1.
function isoMonday(year, week) {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4);
  monday.setUTCDate(jan4.getUTCDate() - ((jan4.getUTCDay() + 6) % 7) + (week - 1) * 7);
  return monday;
}

/** "Weekly digest, 30 November – 6 December 2026": the week a digest was sent for, in the page's language. */
export function digestText(kind) {
  const m = /^digest-(\d{4})-W(\d{2})$/.exec(kind);
  if (!m) return t('reminders.digest');
  const monday = isoMonday(Number(m[1]), Number(m[2]));
  const sunday = new Date(monday);
  sunday.setUTCDate(monday.getUTCDate() + 6);
  const range = new Intl.DateTimeFormat(currentLanguage(), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).formatRange(monday, sunday);
  return `${t('reminders.digest')}, ${range}`;
}

export function kindText(kind) {
  if (kind === 'closure') return t('reminders.closure');
  if (/^\d+d$/.test(kind)) return t('reminders.daysBefore', { days: days(parseInt(kind, 10)) });
  if (kind.startsWith('receipt-')) return t('reminders.receipt');
  if (kind.startsWith('reply-')) return t('reminders.replyToSecretariat');
  if (kind.startsWith('digest-')) return digestText(kind);
  return kind;
}

/**
 * The letter a log entry is about, linked to its page; the digest is about no letter, so it links to the reminder
 * log filtered to the digest.
 */
export function letterLink(slug, references) {
  return slug === DIGEST_SLUG
    ? h('a', { href: `reminders.html?slug=${DIGEST_SLUG}` }, t('reminders.digest'))
    : h('a', { href: `communication.html?slug=${encodeURIComponent(slug)}` }, references.get(slug) ?? slug);
}
