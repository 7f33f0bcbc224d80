import { startPage, problemText } from '../app.js';
import { get, send, paths } from '../api.js';
import { h, fill, $, say } from '../dom.js';
import { t, formatDateTime, GENEVA, formatNumber } from '../i18n.js';
import { now } from '../clock.js';
import { phaseBadge, countdown, startCountdowns } from '../letters-common.js';
import { dashboardFigures } from '../dashboard-figures.js';

function rateChart(rates) {
  const barHeight = 22;
  const width = 480;
  const labelWidth = 90;
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
    el('text', { x: 0, y: y + 15 }, r.addresseeId);
    el('rect', { x: labelWidth, y, width: width - labelWidth - 60, height: barHeight, fill: '#e3e8ef' });
    el('rect', { x: labelWidth, y, width: Math.max(0, (width - labelWidth - 60) * share), height: barHeight, fill: '#0b4f8a' });
    el('text', { x: width - 55, y: y + 15 }, `${Math.round(share * 100)} %`);
  });
  return svg;
}

function communicationTable(list, caption, id) {
  if (list.length === 0) return h('p', { id }, t('dashboard.noneInList'));
  return h('table', { id },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ['letters.reference', 'dashboard.addressee', 'letters.phase', 'dashboard.closesGeneva', 'letters.timeLeft'].map(k => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, list.map(c => h('tr', { 'data-slug': c.slug },
      h('th', { scope: 'row' }, h('a', { href: `communication.html?slug=${encodeURIComponent(c.slug)}` }, c.reference)),
      h('td', {}, c.addresseeId),
      h('td', {}, phaseBadge(c.phase)),
      h('td', {}, formatDateTime(c.closesAt, GENEVA)),
      h('td', {}, countdown(c.closesAt))))));
}

function lateTable(list, caption, id) {
  if (list.length === 0) return h('p', { id }, t('dashboard.noneInList'));
  return h('table', { id },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ['letters.reference', 'dashboard.addressee', 'dashboard.closesGeneva', 'dashboard.firstReply', 'dashboard.daysLate'].map(k => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, list.map(c => h('tr', { 'data-slug': c.slug },
      h('th', { scope: 'row' }, h('a', { href: `communication.html?slug=${encodeURIComponent(c.slug)}` }, c.reference)),
      h('td', {}, c.addresseeId),
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

startPage({
  role: 'secretariat',
  async render() {
    const content = $('#content');
    const [summary, letters, failed] = await Promise.all([get(paths.monitoringSummary()), get(paths.communications()), get(paths.publicationFailures())]);
    if (!summary.ok || !letters.ok) {
      say($('#status'), problemText(summary.ok ? letters : summary), 'error');
      return;
    }
    const list = letters.data;
    const f = dashboardFigures(summary.data);
    const card = (key, items, anchor) => h('div', { class: 'card' },
      h('a', { href: `#${anchor}` }, h('span', { class: 'stat' }, formatNumber(items.length)), t(key)));
    const section = (key, items, anchor, table = communicationTable) => h('section', { 'aria-labelledby': `${anchor}-h` },
      h('h2', { id: `${anchor}-h` }, t(key)), table(items, t(key), anchor));
    const phaseFilter = h('select', { id: 'phase-filter' },
      h('option', { value: '' }, t('dashboard.allPhases')),
      ['awaiting-reply', 'due-soon', 'replied', 'replied-late', 'no-reply', 'published'].map(p => h('option', { value: p }, t(`phase.${p}`))));
    const all = h('div', {}, communicationTable(list, t('dashboard.all'), 'all'));
    phaseFilter.addEventListener('change', () => {
      fill(all, communicationTable(phaseFilter.value ? list.filter(c => c.phase === phaseFilter.value) : list, t('dashboard.all'), 'all'));
    });
    fill(content,
      h('p', { class: 'hint' }, t('dashboard.asOf', { time: formatDateTime(f.at ?? now(), GENEVA) })),
      h('div', { class: 'cards' },
        card('dashboard.closing7', f.closing7, 'closing-7'),
        card('dashboard.closing30', f.closing30, 'closing-30'),
        card('dashboard.closedWithoutReply', f.closedWithoutReply, 'closed-without-reply'),
        card('dashboard.lateReplies', f.lateReplies, 'late-replies')),
      failed.ok && failed.data.failures.length > 0 ? h('section', { 'aria-labelledby': 'publication-failures-h', class: 'notice' },
        h('h2', { id: 'publication-failures-h' }, t('dashboard.publicationFailures')),
        failureTable(failed.data.failures)) : false,
      h('section', { 'aria-labelledby': 'rates-heading' },
        h('h2', { id: 'rates-heading' }, t('dashboard.rates')),
        rateChart(f.rates),
        h('table', { id: 'rates' },
          h('caption', { class: 'visually-hidden' }, t('dashboard.rates')),
          h('thead', {}, h('tr', {}, ['dashboard.addressee', 'dashboard.letters', 'dashboard.replied', 'dashboard.rate', 'dashboard.medianDays'].map(k => h('th', { scope: 'col' }, t(k))))),
          h('tbody', {}, f.rates.map(r => h('tr', {},
            h('th', { scope: 'row' }, h('a', { href: `addressees.html?id=${encodeURIComponent(r.addresseeId)}` }, r.addresseeId)),
            h('td', {}, formatNumber(r.total)), h('td', {}, formatNumber(r.replied)),
            h('td', {}, `${Math.round((r.replied / r.total) * 100)} %`),
            h('td', {}, r.medianDaysToReply == null ? '—' : formatNumber(r.medianDaysToReply))))))),
      section('dashboard.closing7', f.closing7, 'closing-7'),
      section('dashboard.closing30', f.closing30, 'closing-30'),
      section('dashboard.closedWithoutReply', f.closedWithoutReply, 'closed-without-reply'),
      section('dashboard.lateReplies', f.lateReplies, 'late-replies', lateTable),
      h('section', { 'aria-labelledby': 'all-h' }, h('h2', { id: 'all-h' }, t('dashboard.all')),
        h('label', { for: 'phase-filter' }, t('dashboard.filterPhase')), ' ', phaseFilter, all));
    startCountdowns();
  },
});
