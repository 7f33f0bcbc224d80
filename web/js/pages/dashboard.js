import { startPage, problemText } from '../app.js';
import { get, send, paths } from '../api.js';
import { h, fill, $, say } from '../dom.js';
import { t, tn, formatDateTime, GENEVA, formatNumber } from '../i18n.js';
import { now } from '../clock.js';
import { phaseBadge, replyStatusBadge, countdown, startCountdowns } from '../letters-common.js';
import { dashboardFigures } from '../dashboard-figures.js';
import { downloadCsv } from '../csv.js';
import { kindText, letterLink as logEntryLink, DIGEST_SLUG } from '../reminder-words.js';

const PHASES = ['awaiting-reply', 'due-soon', 'closed', 'published'];
const REPLY_STATUSES = ['none', 'on-time', 'late', 'withheld'];

// Addressee names by id (GET api/addressees); an id the directory does not know shows as itself.
let names = new Map();
const nameOf = id => names.get(id) ?? id;

function rateChart(rates) {
  const barHeight = 22;
  const width = 480;
  const labelWidth = 150;
  const svgNs = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('class', 'chart');
  svg.setAttribute('viewBox', `0 0 ${width} ${rates.length * (barHeight + 6) + 4}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', 'rates-heading');
  rates.forEach((r, i) => {
    const y = i * (barHeight + 6) + 2;
    const share = r.total ? r.replied / r.total : 0;
    const el = (name, attrs, text) => {
      const node = document.createElementNS(svgNs, name);
      for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
      if (text !== undefined) node.textContent = text;
      svg.append(node);
    };
    const label = nameOf(r.addresseeId);
    el('text', { x: 0, y: y + 15 }, label.length > 22 ? `${label.slice(0, 21)}…` : label);
    el('rect', { x: labelWidth, y, width: width - labelWidth - 60, height: barHeight, fill: '#e3e8ef' });
    el('rect', { x: labelWidth, y, width: Math.max(0, (width - labelWidth - 60) * share), height: barHeight, fill: '#0b4f8a' });
    el('text', { x: width - 55, y: y + 15 }, `${Math.round(share * 100)} %`);
  });
  return svg;
}

const letterLink = c => h('a', { href: `communication.html?slug=${encodeURIComponent(c.slug)}` }, c.reference);

function communicationTable(list, caption, id) {
  if (list.length === 0) return h('p', { id }, t('dashboard.noneInList'));
  return h('table', { id },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ['letters.reference', 'dashboard.addressee', 'letters.phase', 'letters.replyStatus', 'dashboard.closesGeneva', 'letters.timeLeft'].map(k => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, list.map(c => h('tr', { 'data-slug': c.slug },
      h('th', { scope: 'row' }, letterLink(c)),
      h('td', {}, nameOf(c.addresseeId)),
      h('td', {}, phaseBadge(c.phase)),
      h('td', {}, replyStatusBadge(c.replyStatus)),
      h('td', {}, formatDateTime(c.closesAt, GENEVA)),
      h('td', {}, countdown(c.closesAt))))));
}

function lateTable(list, caption, id) {
  if (list.length === 0) return h('p', { id }, t('dashboard.noneInList'));
  return h('table', { id },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ['letters.reference', 'dashboard.addressee', 'dashboard.closesGeneva', 'dashboard.firstReply', 'dashboard.daysLate'].map(k => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, list.map(c => h('tr', { 'data-slug': c.slug },
      h('th', { scope: 'row' }, letterLink(c)),
      h('td', {}, nameOf(c.addresseeId)),
      h('td', {}, formatDateTime(c.closesAt, GENEVA)),
      h('td', {}, formatDateTime(c.firstReplyAt, GENEVA)),
      h('td', {}, formatNumber(c.daysLate))))));
}

// Publications that failed: each fails alone (the others publish) and stays here, with its error, until it publishes.
function failureTable(failures) {
  const id = 'publication-failures';
  if (failures.length === 0) return h('p', { id }, t('dashboard.noneInList'));
  return h('div', {},
    h('table', { id },
      h('caption', { class: 'visually-hidden' }, t('dashboard.publicationFailures')),
      h('thead', {}, h('tr', {}, ['letters.reference', 'dashboard.failedAt', 'dashboard.failure', 'dashboard.attempts', 'dashboard.retry'].map(k => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, failures.map(f => h('tr', { 'data-slug': f.slug },
        h('th', { scope: 'row' }, h('a', { href: `communication.html?slug=${encodeURIComponent(f.slug)}` }, f.slug)),
        h('td', {}, formatDateTime(f.failedAt, GENEVA)),
        h('td', {}, f.error),
        h('td', {}, formatNumber(f.attempts)),
        h('td', {}, h('button', {
          type: 'button', 'aria-label': `${t('dashboard.retry')} ${f.slug}`,
          onclick: async event => {
            event.target.disabled = true;
            const r = await send('POST', paths.retryPublication(f.slug));
            say($('#retry-result'), r.ok ? t('dashboard.retryQueued') : problemText(r), r.ok ? 'success' : 'error');
          },
        }, t('dashboard.retry'))))))),
    h('div', { role: 'status', class: 'notice', id: 'retry-result' }));
}

// Reminders that could not be delivered, here as well as on the reminder log page, which sends them again.
function reminderFailureTable(records, references) {
  return h('table', { id: 'reminder-failures' },
    h('caption', { class: 'visually-hidden' }, t('dashboard.reminderFailures')),
    h('thead', {}, h('tr', {}, ['reminders.when', 'letters.reference', 'reminders.kind', 'reminders.to', 'reminders.reason'].map(k => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, records.map(r => h('tr', { 'data-slug': r.slug },
      h('td', {}, formatDateTime(r.updatedAt ?? r.claimedAt, GENEVA)),
      h('th', { scope: 'row' }, logEntryLink(r.slug, references)),
      h('td', {}, kindText(r.kind)),
      h('td', {}, nameOf(r.addresseeId)),
      h('td', {}, r.reason ?? '')))));
}

// CSV: words as the page shows them, instants in ISO 8601 UTC so a spreadsheet sorts them.
const lettersCsv = (bySlug, list) => [
  ['csv.reference', 'csv.subject', 'csv.addresseeId', 'dashboard.addressee', 'letters.phase', 'letters.replyStatus', 'csv.closesUtc', 'csv.firstReplyUtc'].map(k => t(k)),
  list.map(item => {
    const c = { ...bySlug.get(item.slug), ...item };
    return [c.reference, c.subject ?? '', c.addresseeId, nameOf(c.addresseeId), c.phase ? t(`phase.${c.phase}`) : '',
      c.replyStatus ? t(`replyStatus.${c.replyStatus}`) : '', c.closesAt, c.firstReplyAt ?? ''];
  }),
];

function exportButton(label, fileName, rows) {
  return h('button', {
    type: 'button', class: 'secondary csv', 'data-csv': fileName, 'aria-label': `${t('csv.export')}: ${label}`,
    onclick: () => { const [header, data] = rows(); downloadCsv(fileName, header, data); },
  }, t('csv.export'));
}

/** Every word of the search in the reference, the subject, or the addressee's id or name; case and accents ignored. */
function matches(c, search) {
  const fold = s => String(s ?? '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const haystack = fold([c.reference, c.slug, c.subject, c.addresseeId, nameOf(c.addresseeId)].join(' '));
  return fold(search).split(/\s+/).filter(Boolean).every(word => haystack.includes(word));
}

startPage({
  role: 'secretariat',
  async render() {
    const content = $('#content');
    const [summary, letters, failed, addressees, dead] = await Promise.all([
      get(paths.monitoringSummary()), get(paths.communications()), get(paths.publicationFailures()),
      get(paths.addressees()), get(paths.reminderLog({ state: 'DeadLettered' }))]);
    if (!summary.ok || !letters.ok) {
      say($('#status'), problemText(summary.ok ? letters : summary), 'error');
      return;
    }
    names = new Map((addressees.ok ? addressees.data : []).map(a => [a.id, a.name]));
    const list = letters.data;
    const bySlug = new Map(list.map(c => [c.slug, c]));
    const references = new Map(list.map(c => [c.slug, c.reference]));
    const f = dashboardFigures(summary.data);
    const card = (key, items, anchor) => h('div', { class: 'card' },
      h('a', { href: `#${anchor}` }, h('span', { class: 'stat' }, formatNumber(items.length)), t(key)));
    const section = (key, items, anchor, table = communicationTable) => h('section', { 'aria-labelledby': `${anchor}-h` },
      h('h2', { id: `${anchor}-h` }, t(key)), table(items, t(key), anchor),
      items.length ? exportButton(t(key), `${anchor}.csv`, () => lettersCsv(bySlug, items)) : false);

    const search = h('input', { type: 'search', id: 'search', name: 'q', autocomplete: 'off' });
    const phaseFilter = h('select', { id: 'phase-filter' },
      h('option', { value: '' }, t('dashboard.allPhases')),
      PHASES.map(p => h('option', { value: p }, t(`phase.${p}`))));
    const statusFilter = h('select', { id: 'reply-status-filter' },
      h('option', { value: '' }, t('dashboard.allReplyStatuses')),
      REPLY_STATUSES.map(s => h('option', { value: s }, t(`replyStatus.${s}`))));
    const shown = h('p', { role: 'status', id: 'all-count', class: 'hint' });
    const all = h('div', {});
    const filtered = () => list.filter(c => (!phaseFilter.value || c.phase === phaseFilter.value)
      && (!statusFilter.value || c.replyStatus === statusFilter.value)
      && (!search.value.trim() || matches(c, search.value)));
    const show = () => {
      const rows = filtered();
      fill(all, communicationTable(rows, t('dashboard.all'), 'all'));
      shown.textContent = tn('dashboard.shown', rows.length);
    };
    for (const control of [phaseFilter, statusFilter]) control.addEventListener('change', show);
    search.addEventListener('input', show);

    const deadRecords = dead.ok ? dead.data.records ?? [] : [];
    const deadCsv = () => [
      ['csv.atUtc', 'csv.reference', 'reminders.kind', 'csv.addresseeId', 'reminders.to', 'reminders.attempts', 'reminders.reason'].map(k => t(k)),
      deadRecords.map(r => [r.updatedAt ?? r.claimedAt, r.slug === DIGEST_SLUG ? t('reminders.digest') : references.get(r.slug) ?? r.slug, kindText(r.kind), r.addresseeId, nameOf(r.addresseeId), r.attempts, r.reason ?? '']),
    ];
    const ratesCsv = () => [
      ['csv.addresseeId', 'dashboard.addressee', 'dashboard.letters', 'dashboard.replied', 'replyStatus.late', 'replyStatus.none', 'dashboard.medianDays'].map(k => t(k)),
      f.rates.map(r => [r.addresseeId, nameOf(r.addresseeId), r.total, r.replied, r.repliedLate, r.noReply, r.medianDaysToReply ?? '']),
    ];

    fill(content,
      h('p', { class: 'hint' }, t('dashboard.asOf', { time: formatDateTime(f.at ?? now(), GENEVA) })),
      h('div', { class: 'cards' },
        card('dashboard.closing7', f.closing7, 'closing-7'),
        card('dashboard.closing30', f.closing30, 'closing-30'),
        card('dashboard.closedWithoutReply', f.closedWithoutReply, 'closed-without-reply'),
        card('dashboard.lateReplies', f.lateReplies, 'late-replies'),
        deadRecords.length ? card('dashboard.reminderFailures', deadRecords, 'reminder-failures-section') : false),
      failed.ok && failed.data.failures.length > 0 ? h('section', { 'aria-labelledby': 'publication-failures-h', class: 'notice' },
        h('h2', { id: 'publication-failures-h' }, t('dashboard.publicationFailures')),
        failureTable(failed.data.failures)) : false,
      deadRecords.length > 0 ? h('section', { 'aria-labelledby': 'reminder-failures-h', class: 'notice', id: 'reminder-failures-section' },
        h('h2', { id: 'reminder-failures-h' }, t('dashboard.reminderFailures')),
        reminderFailureTable(deadRecords, references),
        h('p', {}, h('a', { href: 'reminders.html' }, t('dashboard.reminderFailuresLink'))),
        exportButton(t('dashboard.reminderFailures'), 'reminder-failures.csv', deadCsv)) : false,
      h('section', { 'aria-labelledby': 'rates-heading' },
        h('h2', { id: 'rates-heading' }, t('dashboard.rates')),
        rateChart(f.rates),
        h('table', { id: 'rates' },
          h('caption', { class: 'visually-hidden' }, t('dashboard.rates')),
          h('thead', {}, h('tr', {}, ['dashboard.addressee', 'dashboard.letters', 'dashboard.replied', 'dashboard.rate', 'dashboard.medianDays'].map(k => h('th', { scope: 'col' }, t(k))))),
          h('tbody', {}, f.rates.map(r => h('tr', { 'data-addressee': r.addresseeId },
            h('th', { scope: 'row' }, h('a', { href: `addressees.html?id=${encodeURIComponent(r.addresseeId)}` }, nameOf(r.addresseeId))),
            h('td', {}, formatNumber(r.total)), h('td', {}, formatNumber(r.replied)),
            h('td', {}, `${Math.round((r.replied / r.total) * 100)} %`),
            h('td', {}, r.medianDaysToReply == null ? '—' : formatNumber(r.medianDaysToReply)))))),
        exportButton(t('dashboard.rates'), 'reply-rates.csv', ratesCsv)),
      section('dashboard.closing7', f.closing7, 'closing-7'),
      section('dashboard.closing30', f.closing30, 'closing-30'),
      section('dashboard.closedWithoutReply', f.closedWithoutReply, 'closed-without-reply'),
      section('dashboard.lateReplies', f.lateReplies, 'late-replies', lateTable),
      h('section', { 'aria-labelledby': 'all-h' }, h('h2', { id: 'all-h' }, t('dashboard.all')),
        h('div', { class: 'filters' },
          h('div', { class: 'field' }, h('label', { for: 'search' }, t('dashboard.search')), search),
          h('div', { class: 'field' }, h('label', { for: 'phase-filter' }, t('dashboard.filterPhase')), phaseFilter),
          h('div', { class: 'field' }, h('label', { for: 'reply-status-filter' }, t('dashboard.filterReplyStatus')), statusFilter)),
        shown, all,
        exportButton(t('dashboard.all'), 'communications.csv', () => lettersCsv(bySlug, filtered()))));
    show();
    startCountdowns();
  },
});
