// Pieces the addressee's and the secretariat's pages share: phase badges, countdowns, letter facts.
import { h } from './dom.js';
import { now } from './clock.js';
import { t, formatDateTime, formatCalendarDate, GENEVA, browserTimeZone } from './i18n.js';

export function phaseBadge(phase) {
  return h('span', { class: `phase phase-${phase}`, 'data-phase': phase }, t(`phase.${phase}`));
}

/** "12 days 3 hours left" or "closed 4 days ago", from the server's now. */
export function countdownText(closesAt) {
  const ms = new Date(closesAt).getTime() - now().getTime();
  const abs = Math.abs(ms);
  const days = Math.floor(abs / 86_400_000);
  const hours = Math.floor((abs % 86_400_000) / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  if (ms <= 0) return t('countdown.closed', { days, hours });
  return days > 0 ? t('countdown.left', { days, hours }) : t('countdown.leftHours', { hours, minutes });
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
    ['facts.window', c.windowExplanation],
    ['facts.phase', phaseBadge(c.phase)],
    ['facts.replies', String(c.replyCount ?? 0)],
    ['facts.letter', c.letter ? `${c.letter.fileName} · SHA-256 ${c.letter.sha256}` : ''],
  ];
  return h('dl', { class: 'facts' }, rows.flatMap(([k, v]) => [h('dt', {}, t(k)), h('dd', {}, v)]));
}
