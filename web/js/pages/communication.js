import { startPage, problemText } from '../app.js';
import { get, send, paths, download } from '../api.js';
import { h, fill, $, say, query, field } from '../dom.js';
import { t, formatDateTime, formatBytes, days } from '../i18n.js';
import { letterFacts, startCountdowns } from '../letters-common.js';
import { decisionForm } from '../decisions.js';
import { downloadCsv } from '../csv.js';

const eventName = kind => (t(`event.${kind}`) === `event.${kind}` ? kind : t(`event.${kind}`));
const details = data => Object.entries(data ?? {}).map(([k, v]) => `${k}: ${v}`);
const inOrder = events => [...events].sort((a, b) => new Date(a.at) - new Date(b.at));

function exportEvents(slug, events) {
  downloadCsv(`${slug}-audit-trail.csv`,
    [t('csv.atUtc'), t('csv.kind'), t('timeline.what'), t('timeline.who'), t('timeline.details')],
    inOrder(events).map(ev => [ev.at, ev.kind, eventName(ev.kind), ev.actor, details(ev.data).join('\n')]));
}

function eventsTable(events) {
  if (events.length === 0) return h('p', {}, t('timeline.none'));
  return h('table', { id: 'events' },
    h('caption', { class: 'visually-hidden' }, t('timeline.heading')),
    h('thead', {}, h('tr', {}, ['timeline.when', 'timeline.what', 'timeline.who', 'timeline.details'].map(k => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, inOrder(events).map(ev => h('tr', { 'data-kind': ev.kind },
      h('td', {}, formatDateTime(ev.at)),
      h('td', {}, eventName(ev.kind)),
      h('td', {}, ev.actor),
      h('td', {}, h('ul', {}, details(ev.data).map(line => h('li', {}, line))))))));
}

async function repliesSection(c, container) {
  const slug = c.slug;
  const replies = await get(paths.replies(slug));
  if (!replies.ok) {
    fill(container, h('p', { class: 'muted' }, replies.missing ? t('replies.notYet') : problemText(replies)));
    return;
  }
  const list = replies.data;
  if (list.length === 0) {
    fill(container, h('p', {}, t('replies.none')));
    return;
  }
  fill(container, list.map(r => {
    const request = r.confidentiality;
    const decided = request?.decision;
    return h('article', { class: 'card', 'data-reply': r.id },
      h('h3', {}, t('replies.receivedAt', { time: formatDateTime(r.receivedAt) })),
      h('p', {}, r.onTime ? t('replies.onTime') : t('replies.late', { days: days(r.daysLate) })),
      h('ul', {}, r.files.map(f => h('li', {}, `${f.fileName} (${formatBytes(f.size)}) `, h('span', { class: 'hash' }, f.sha256)))),
      r.note ? h('p', {}, r.note) : null,
      request ? h('div', {},
        h('p', {}, t('confidentiality.requested', { category: t(`confidentiality.${request.category}`), reason: request.reason })),
        decided
          ? [h('p', {}, t('confidentiality.decided', { decision: t(decided.accepted ? 'decision.grant' : 'decision.refuse') }),
            decided.note ? ` — ${decided.note}` : '', ` (${decided.decidedBy}, ${formatDateTime(decided.decidedAt)})`),
            h('details', { class: 'reverse' }, h('summary', {}, t('decision.reverse')),
              decisionForm(slug, r.id, () => repliesSection(c, container), { category: request.category, published: Boolean(c.publishedAt), current: decided }))]
          : decisionForm(slug, r.id, () => repliesSection(c, container), { category: request.category, published: Boolean(c.publishedAt) })) : null);
  }));
}

function republishForm(slug, actions) {
  const note = h('textarea', { name: 'note', required: true, maxlength: '2000' });
  const form = h('form', { class: 'stack', id: 'republish-form', novalidate: true },
    field(t('communication.republishNote'), note, t('communication.republishHint')),
    h('button', { type: 'submit', class: 'secondary', id: 'republish' }, t('communication.republish')));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    if (!note.value.trim()) {
      say(actions, t('communication.republishNoteNeeded'), 'error');
      note.focus();
      return;
    }
    const r = await send('POST', paths.republish(slug), { note: note.value.trim() });
    say(actions, r.ok ? t('communication.republished') : problemText(r), r.ok ? 'success' : 'error');
    if (r.ok) note.value = '';
  });
  return form;
}

startPage({
  role: 'secretariat',
  async render() {
    const slug = query('slug') ?? '';
    const content = $('#content');
    const status = $('#status');
    const result = await get(paths.communication(slug));
    if (!result.ok) {
      $('h1').textContent = result.status === 404 ? t('letter.notFound') : t('communication.heading');
      say(status, problemText(result), 'error');
      content.append(h('a', { href: 'dashboard.html' }, t('nav.dashboard')));
      return;
    }
    const c = result.data;
    $('h1').textContent = c.reference;
    document.title = `${c.reference} · ${t('app.name')}`;
    const actions = h('div', { role: 'status', class: 'notice', id: 'actions-result' });
    const replies = h('div', { id: 'replies' });
    const events = await get(paths.events(slug));
    fill(content,
      h('p', {}, t('communication.addressee'), ' ', h('a', { href: `addressees.html?id=${encodeURIComponent(c.addresseeId)}` }, c.addresseeName ?? c.addresseeId),
        c.caseId ? [' · ', t('communication.case', { id: c.caseId })] : null),
      letterFacts(c),
      c.publicVersion ? h('p', {}, t('communication.publicVersion', { name: c.publicVersion.fileName })) : h('p', { class: 'muted' }, t('communication.noPublicVersion')),
      h('button', {
        type: 'button', onclick: async () => {
          const r = await download(paths.letter(slug), c.letter?.fileName ?? `${slug}.pdf`);
          say(actions, r.ok ? t('letter.downloaded') : problemText(r), r.ok ? 'info' : 'error');
        },
      }, t('letter.download')),
      c.publishedAt ? republishForm(slug, actions) : null,
      actions,
      h('section', { 'aria-labelledby': 'replies-h' }, h('h2', { id: 'replies-h' }, t('replies.heading')), replies),
      h('section', { 'aria-labelledby': 'timeline-h' }, h('h2', { id: 'timeline-h' }, t('timeline.heading')),
        events.ok ? eventsTable(events.data) : h('p', {}, problemText(events)),
        events.ok && events.data.length ? h('button', { type: 'button', class: 'secondary csv', id: 'export-events', onclick: () => exportEvents(slug, events.data) }, t('csv.export')) : null));
    startCountdowns();
    await repliesSection(c, replies);
  },
});
