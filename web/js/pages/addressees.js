import { startPage, problemText } from '../app.js';
import { get, send, paths } from '../api.js';
import { h, fill, $, say, clear, field, query } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';
import { downloadCsv } from '../csv.js';

const KINDS = ['State', 'Company', 'Other'];

function simpleForm(id, fields, submitLabel, onSubmit) {
  const result = h('div', { role: 'alert', class: 'notice' });
  const form = h('form', { class: 'stack', id, novalidate: true }, fields.map(([label, control, hint]) => field(label, control, hint)),
    h('button', { type: 'submit' }, submitLabel), result);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    clear(result);
    const answer = await onSubmit();
    if (answer.ok) {
      say(result, t('common.saved'), 'success');
      form.reset();
      await answer.after?.();
    } else {
      say(result, problemText(answer), 'error');
    }
  });
  return form;
}

async function listPage(content) {
  const list = await get(paths.addressees());
  if (!list.ok) {
    say($('#status'), problemText(list), 'error');
    return;
  }
  const id = h('input', { type: 'text', name: 'id', required: true });
  const kind = h('select', { name: 'kind' }, KINDS.map(k => h('option', { value: k }, t(`kind.${k}`))));
  const name = h('input', { type: 'text', name: 'name', required: true });
  const language = h('input', { type: 'text', name: 'preferredLanguage', value: 'en' });
  fill(content,
    h('table', { id: 'addressees' },
      h('caption', { class: 'visually-hidden' }, t('addressees.heading')),
      h('thead', {}, h('tr', {}, ['addressees.id', 'addressees.name', 'addressees.kind', 'addressees.language'].map(k => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, list.data.map(a => h('tr', {},
        h('th', { scope: 'row' }, h('a', { href: `addressees.html?id=${encodeURIComponent(a.id)}` }, a.id)),
        h('td', {}, a.name), h('td', {}, t(`kind.${a.kind}`)), h('td', {}, a.preferredLanguage ?? ''))))),
    h('h2', {}, t('addressees.add')),
    simpleForm('addressee-form', [
      [t('addressees.id'), id, t('addressees.idHint')],
      [t('addressees.kind'), kind],
      [t('addressees.name'), name],
      [t('addressees.language'), language],
    ], t('common.save'), async () => {
      const answer = await send('PUT', paths.addressee(id.value.trim()), { kind: kind.value, name: name.value.trim(), preferredLanguage: language.value.trim() || null });
      return { ...answer, after: () => listPage(content) };
    }));
}

const eventName = kind => (t(`event.${kind}`) === `event.${kind}` ? kind : t(`event.${kind}`));
const fieldName = f => (t(`addressees.field.${f}`) === `addressees.field.${f}` ? f : t(`addressees.field.${f}`));

/** An audited change in words: what it is about (an email, a user id), then each field "before → after". */
function changeLines(data) {
  const lines = [];
  const fields = new Map();
  for (const [key, value] of Object.entries(data ?? {})) {
    const [f, side] = key.split('.');
    if (side === 'before' || side === 'after') fields.set(f, { ...fields.get(f), [side]: value });
    else lines.push(`${fieldName(key)}: ${value}`);
  }
  for (const [f, { before, after }] of fields) {
    lines.push(before === undefined ? `${fieldName(f)}: ${after}` : after === undefined ? `${fieldName(f)}: ${before} → —` : `${fieldName(f)}: ${before} → ${after}`);
  }
  return lines;
}

function changesSection(addresseeId, changes) {
  const body = !changes.ok ? h('p', {}, problemText(changes))
    : changes.data.length === 0 ? h('p', {}, t('addressees.changesNone'))
    : [h('table', { id: 'changes' },
      h('caption', { class: 'visually-hidden' }, t('addressees.changes')),
      h('thead', {}, h('tr', {}, ['timeline.when', 'timeline.what', 'timeline.who', 'timeline.details'].map(k => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, changes.data.map(c => h('tr', { 'data-kind': c.kind },
        h('td', {}, formatDateTime(c.at)), h('td', {}, eventName(c.kind)), h('td', {}, c.actor),
        h('td', {}, h('ul', {}, changeLines(c.data).map(line => h('li', {}, line)))))))),
    h('button', {
      type: 'button', class: 'secondary csv', id: 'export-changes',
      onclick: () => downloadCsv(`${addresseeId}-changes.csv`,
        [t('csv.atUtc'), t('csv.kind'), t('timeline.what'), t('timeline.who'), t('timeline.details')],
        changes.data.map(c => [c.at, c.kind, eventName(c.kind), c.actor, changeLines(c.data).join('\n')])),
    }, t('csv.export'))];
  return h('section', { 'aria-labelledby': 'changes-h' }, h('h2', { id: 'changes-h' }, t('addressees.changes')), body);
}

async function detailPage(content, addresseeId) {
  const [addressee, contacts, members, changes] = await Promise.all([
    get(paths.addressee(addresseeId)), get(paths.contacts(addresseeId)), get(paths.members(addresseeId)), get(paths.addresseeChanges(addresseeId))]);
  if (!addressee.ok) {
    $('h1').textContent = t('common.notFound');
    say($('#status'), problemText(addressee), 'error');
    content.append(h('a', { href: 'addressees.html' }, t('addressees.back')));
    return;
  }
  const a = addressee.data;
  $('h1').textContent = `${a.name} (${a.id})`;
  document.title = `${a.name} · ${t('app.name')}`;
  const reload = () => detailPage(content, addresseeId);
  const remove = (path, label) => h('button', {
    type: 'button', class: 'secondary', 'aria-label': label,
    onclick: async () => {
      const r = await send('DELETE', path);
      if (r.ok) await reload(); else say($('#status'), problemText(r), 'error');
    },
  }, t('common.remove'));

  const email = h('input', { type: 'email', name: 'email', required: true });
  const contactName = h('input', { type: 'text', name: 'name', required: true });
  const contactLanguage = h('input', { type: 'text', name: 'language', value: 'en' });
  const userId = h('input', { type: 'text', name: 'userId', required: true });
  const displayName = h('input', { type: 'text', name: 'displayName', required: true });
  fill(content,
    h('p', {}, h('a', { href: 'addressees.html' }, t('addressees.back')), ' · ',
      h('a', { href: `dashboard.html` }, t('nav.dashboard'))),
    h('dl', { class: 'facts' },
      h('dt', {}, t('addressees.kind')), h('dd', {}, t(`kind.${a.kind}`)),
      h('dt', {}, t('addressees.language')), h('dd', {}, a.preferredLanguage ?? '')),
    h('section', { 'aria-labelledby': 'contacts-h' }, h('h2', { id: 'contacts-h' }, t('addressees.contacts')),
      h('p', { class: 'hint' }, t('addressees.contactsHint')),
      contacts.ok ? h('table', { id: 'contacts' },
        h('thead', {}, h('tr', {}, ['addressees.email', 'addressees.name', 'addressees.language', 'common.actions'].map(k => h('th', { scope: 'col' }, t(k))))),
        h('tbody', {}, contacts.data.map(c => h('tr', {}, h('td', {}, c.email), h('td', {}, c.name), h('td', {}, c.language ?? ''),
          h('td', {}, remove(paths.contact(addresseeId, c.email), `${t('common.remove')} ${c.email}`)))))) : h('p', {}, problemText(contacts)),
      h('h3', {}, t('addressees.addContact')),
      simpleForm('contact-form', [[t('addressees.email'), email], [t('addressees.name'), contactName], [t('addressees.language'), contactLanguage]], t('common.save'),
        async () => ({ ...(await send('PUT', paths.contact(addresseeId, email.value.trim()), { name: contactName.value.trim(), language: contactLanguage.value.trim() || null })), after: reload }))),
    h('section', { 'aria-labelledby': 'members-h' }, h('h2', { id: 'members-h' }, t('addressees.members')),
      h('p', { class: 'hint' }, t('addressees.membersHint')),
      members.ok ? h('table', { id: 'members' },
        h('thead', {}, h('tr', {}, ['addressees.userId', 'addressees.displayName', 'common.actions'].map(k => h('th', { scope: 'col' }, t(k))))),
        h('tbody', {}, members.data.map(m => h('tr', {}, h('td', {}, m.userId), h('td', {}, m.displayName),
          h('td', {}, remove(paths.member(addresseeId, m.userId), `${t('common.remove')} ${m.displayName}`)))))) : h('p', {}, problemText(members)),
      h('h3', {}, t('addressees.addMember')),
      simpleForm('member-form', [[t('addressees.userId'), userId, t('addressees.userIdHint')], [t('addressees.displayName'), displayName]], t('common.save'),
        async () => ({ ...(await send('PUT', paths.member(addresseeId, userId.value.trim()), { displayName: displayName.value.trim() })), after: reload }))),
    changesSection(addresseeId, changes));
}

startPage({
  role: 'secretariat',
  async render() {
    const id = query('id');
    if (id) await detailPage($('#content'), id); else await listPage($('#content'));
  },
});
