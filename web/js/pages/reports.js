import { startPage, problemText } from '../app.js';
import { get, send, download, paths } from '../api.js';
import { h, fill, $, say, field, query } from '../dom.js';
import { t, formatDateTime, formatCalendarDate, formatNumber, currentLanguage } from '../i18n.js';
import { letterStatus, replyStatus } from '../report-words.js';

// Reporting periods and their communications report to the Human Rights Council (docs/reports.md): create a period,
// preview its report as it stands now, finalise it (published on the public site), issue corrigenda.

const rate = r => (r === null || r === undefined ? '–' : new Intl.NumberFormat(currentLanguage(), { style: 'percent' }).format(r));
const COUNTS = ['sent', 'replied', 'onTime', 'late', 'notReplied', 'repliesReceived'];

function countsTable(counts, caption) {
  return h('table', { class: 'report-counts' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, [...COUNTS.map(k => h('th', { scope: 'col' }, t(`reports.${k}`))), h('th', { scope: 'col' }, t('reports.replyRate'))])),
    h('tbody', {}, h('tr', {}, [...COUNTS.map(k => h('td', {}, formatNumber(counts[k]))), h('td', {}, rate(counts.replyRate))])));
}


function preview(report) {
  return [
    h('p', {}, t('reports.cutOff', { time: formatDateTime(report.cutOff) })),
    countsTable(report.totals, t('reports.totals')),
    report.groups.map((g, i) => h('section', { 'aria-labelledby': `group-${i}`, 'data-addressee': g.addresseeId },
      h('h3', { id: `group-${i}` }, g.addresseeName),
      countsTable(g.counts, g.addresseeName),
      g.letters.length ? h('table', {},
        h('caption', {}, `${t('reports.letters')} · ${g.addresseeName}`),
        h('thead', {}, h('tr', {}, ['reports.reference', 'reports.sentOn', 'reports.subject', 'reports.reply'].map(k => h('th', { scope: 'col' }, t(k))))),
        h('tbody', {}, g.letters.map(l => h('tr', {},
          h('th', { scope: 'row' }, l.reference), h('td', {}, formatCalendarDate(l.sentOn)),
          h('td', {}, l.isPublic ? l.subject : t('reports.notYetPublic')), h('td', {}, letterStatus(l)))))) : null,
      g.replies.length ? h('table', {},
        h('caption', {}, `${t('reports.replies')} · ${g.addresseeName}`),
        h('thead', {}, h('tr', {}, ['reports.reference', 'reports.receivedOn', 'reports.reply'].map(k => h('th', { scope: 'col' }, t(k))))),
        h('tbody', {}, g.replies.map(r => h('tr', {},
          h('th', { scope: 'row' }, r.reference), h('td', {}, formatCalendarDate(r.receivedOn)),
          h('td', {}, `${r.daysLate > 0 ? t('reports.lateBy', { days: r.daysLate }) : t('reports.onTime')} · ${replyStatus(r)}`))))) : null)),
  ];
}

async function renderPeriod(content, id) {
  const [period, built] = await Promise.all([get(paths.reportingPeriod(id)), get(paths.reportPreview(id))]);
  if (!period.ok) {
    fill(content, h('p', { class: 'muted' }, problemText(period)), h('a', { href: 'reports.html' }, t('reports.all')));
    return;
  }
  const p = period.data;
  const result = h('div', { role: 'status', class: 'notice', id: 'report-result' });
  const isFinal = p.status === 'final';
  const note = h('textarea', { id: 'corrigendum-note', rows: 3, maxlength: 2000 });
  const actions = isFinal
    ? h('form', { id: 'corrigendum-form', onsubmit: async e => {
      e.preventDefault();
      const r = await send('POST', paths.reportCorrigenda(id), { note: note.value });
      if (r.ok) { await renderPeriod(content, id); say($('#report-result'), t('reports.corrected'), 'success'); } else say(result, problemText(r), 'error');
    } }, field(t('reports.corrigendumNote'), note, t('reports.corrigendumHint')), h('button', { type: 'submit' }, t('reports.issueCorrigendum')))
    : h('button', { type: 'button', id: 'finalise', onclick: async () => {
      if (!window.confirm(t('reports.confirmFinalise', { name: p.name }))) return;
      const r = await send('POST', paths.reportFinalise(id));
      if (r.ok) { await renderPeriod(content, id); say($('#report-result'), t('reports.finalised'), 'success'); } else say(result, problemText(r), 'error');
    } }, t('reports.finalise'));
  fill(content,
    h('p', {}, h('a', { href: 'reports.html' }, t('reports.all'))),
    h('h2', {}, p.name),
    h('dl', { class: 'facts' },
      h('dt', {}, t('reports.session')), h('dd', {}, p.session),
      h('dt', {}, t('reports.period')), h('dd', {}, `${formatCalendarDate(p.startsOn)} – ${formatCalendarDate(p.endsOn)}`),
      h('dt', {}, t('reports.status')), h('dd', { id: 'period-status' }, t(`reports.status.${p.status}`))),
    p.versions.length ? h('section', { 'aria-labelledby': 'versions-h' }, h('h2', { id: 'versions-h' }, t('reports.versions')),
      h('ul', {}, p.versions.map(v => h('li', {}, h('a', { href: v.url }, `${t('reports.version')} ${v.number}`), ` · ${formatDateTime(v.publishedAt)}`,
        v.corrigendum ? ` · ${v.corrigendum}` : '')))) : null,
    result,
    actions,
    h('section', { 'aria-labelledby': 'preview-h' },
      h('h2', { id: 'preview-h' }, isFinal ? t('reports.previewNext') : t('reports.preview')),
      h('p', { class: 'hint' }, t('reports.previewHint')),
      h('p', {}, ['pdf', 'csv', 'html'].map(format => h('button', { type: 'button', class: 'secondary', onclick: async () => {
        const r = await download(paths.reportPreview(id, format, currentLanguage()), `${id}-draft.${format}`);
        if (!r.ok) say(result, problemText(r), 'error');
      } }, t(`reports.download.${format}`)))),
      built.ok ? preview(built.data.report) : h('p', { class: 'muted' }, problemText(built))));
}

async function renderList(content) {
  const list = await get(paths.reportingPeriods());
  const result = h('div', { role: 'status', class: 'notice', id: 'create-result' });
  const inputs = {
    name: h('input', { id: 'period-name', required: true, maxlength: 100 }),
    session: h('input', { id: 'period-session', required: true, maxlength: 200 }),
    startsOn: h('input', { id: 'period-start', type: 'date', required: true }),
    endsOn: h('input', { id: 'period-end', type: 'date', required: true }),
  };
  const form = h('form', { id: 'period-form', onsubmit: async e => {
    e.preventDefault();
    const r = await send('POST', paths.reportingPeriods(), Object.fromEntries(Object.entries(inputs).map(([k, input]) => [k, input.value])));
    if (r.ok) location.href = `reports.html?id=${encodeURIComponent(r.data.id)}`;
    else say(result, problemText(r), 'error');
  } },
  field(t('reports.name'), inputs.name, t('reports.nameHint')), field(t('reports.session'), inputs.session),
  field(t('reports.startsOn'), inputs.startsOn), field(t('reports.endsOn'), inputs.endsOn, t('reports.datesHint')),
  h('button', { type: 'submit' }, t('reports.create')));
  const table = !list.ok ? h('p', { class: 'muted' }, list.missing ? t('common.notAvailable') : problemText(list))
    : list.data.length === 0 ? h('p', {}, t('reports.none'))
    : h('table', { id: 'periods' },
      h('caption', { class: 'visually-hidden' }, t('reports.periods')),
      h('thead', {}, h('tr', {}, ['reports.name', 'reports.period', 'reports.session', 'reports.status'].map(k => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, list.data.map(p => h('tr', {},
        h('th', { scope: 'row' }, h('a', { href: `reports.html?id=${encodeURIComponent(p.id)}` }, p.name)),
        h('td', {}, `${formatCalendarDate(p.startsOn)} – ${formatCalendarDate(p.endsOn)}`), h('td', {}, p.session),
        h('td', {}, t(`reports.status.${p.status}`))))));
  fill(content,
    h('section', { 'aria-labelledby': 'periods-h' }, h('h2', { id: 'periods-h' }, t('reports.periods')), table),
    h('section', { 'aria-labelledby': 'new-h' }, h('h2', { id: 'new-h' }, t('reports.new')), result, form));
}

startPage({ role: 'secretariat', render: () => (query('id') ? renderPeriod($('#content'), query('id')) : renderList($('#content'))) });
