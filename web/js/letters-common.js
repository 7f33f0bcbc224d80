// Pieces the addressee's and the secretariat's pages share: phase badges, countdowns, letter facts.
import { h } from './dom.js';
import { now } from './clock.js';
import { t, formatDateTime, formatDate, formatCalendarDate, GENEVA, browserTimeZone, days as dayCount, hours as hourCount, minutes as minuteCount } from './i18n.js';

export function phaseBadge(phase) {
  return h('span', { class: `phase phase-${phase}`, 'data-phase': phase }, t(`phase.${phase}`));
}

/** How the letter was answered (none, on time, late, withheld): a second dimension beside the phase. */
export function replyStatusBadge(status) {
  if (!status) return '';
  return h('span', { class: `reply-status reply-status-${status}`, 'data-reply-status': status }, t(`replyStatus.${status}`));
}

/**
 * The reply window in words, in the page's language, from the letter's facts (the API's windowExplanation is
 * English). The last day is the Geneva calendar day the window closes at the end of.
 */
export function windowExplanation(c) {
  return t('window.explanation', {
    sentOn: formatCalendarDate(c.sentOn),
    days: dayCount(c.replyWindowDays),
    lastDay: formatDate(c.closesAt, GENEVA),
    closesGeneva: formatDateTime(c.closesAt, GENEVA),
    closesUtc: formatDateTime(c.closesAt, 'UTC'),
    rule: c.windowRule,
  });
}

/** "12 days 3 hours left" or "closed 4 days ago", from the server's now. */
export function countdownText(closesAt) {
  const ms = new Date(closesAt).getTime() - now().getTime();
  const abs = Math.abs(ms);
  const days = Math.floor(abs / 86_400_000);
  const hours = Math.floor((abs % 86_400_000) / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  if (ms <= 0) return t('countdown.closed', { days: dayCount(days), hours: hourCount(hours) });
  return days > 0 ? t('countdown.left', { days: dayCount(days), hours: hourCount(hours) })
    : t('countdown.leftHours', { hours: hourCount(hours), minutes: minuteCount(minutes) });
}

export function countdown(closesAt) {
  return h('span', { class: 'countdown', 'data-closes-at': closesAt }, countdownText(closesAt));
}

let timer;
export function startCountdowns() {
  clearInterval(timer);
  timer = setInterval(() => {
    for (const el of document.querySelectorAll('[data-closes-at]')) el.textContent = countdownText(el.dataset.closesAt);
  }, 30_000);
}

/** The facts of a letter as a description list. */
export function letterFacts(c) {
  const zone = browserTimeZone();
  const rows = [
    ['facts.reference', c.reference],
    ['facts.subject', c.subject],
    ['facts.summary', c.summary],
    ['facts.mandates', h('ul', {}, (c.mandates ?? []).map(m => h('li', {}, m)))],
    ['facts.sentOn', formatCalendarDate(c.sentOn)],
    ['facts.closesLocal', `${formatDateTime(c.closesAt, zone)} (${zone})`],
    ['facts.closesGeneva', formatDateTime(c.closesAt, GENEVA)],
    ['facts.timeLeft', countdown(c.closesAt)],
    ['facts.window', windowExplanation(c)],
    ['facts.phase', phaseBadge(c.phase)],
    ['facts.replyStatus', replyStatusBadge(c.replyStatus)],
    ['facts.replies', h('span', { id: 'reply-count' }, String(c.replyCount ?? 0))],
    ['facts.letter', c.letter ? `${c.letter.fileName} · SHA-256 ${c.letter.sha256}` : ''],
  ];
  return h('dl', { class: 'facts' }, rows.flatMap(([k, v]) => [h('dt', {}, t(k)), h('dd', {}, v)]));
}
