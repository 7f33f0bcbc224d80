import { startPage, problemText } from '../app.js';
import { get, send, paths } from '../api.js';
import { h, fill, $, say } from '../dom.js';
import { t, tn, formatDateTime, formatNumber } from '../i18n.js';
import { kindText, letterLink as linkTo } from '../reminder-words.js';

// The states of GET api/monitoring/reminders (ReminderState on the server; JSON names are camelCase).
const STATES = ['claimed', 'enqueued', 'skipped', 'notNeeded', 'sent', 'failed', 'deadLettered', 'published'];

const stateText = state => (t(`reminderState.${state}`) === `reminderState.${state}` ? state : t(`reminderState.${state}`));
let references = new Map();
let names = new Map();
const nameOf = id => names.get(id) ?? id;
const letterLink = slug => linkTo(slug, references);

// reminders.html?slug=… shows one letter's entries (or the weekly digest's): the dashboard links here for the digest.
const onlySlug = new URLSearchParams(location.search).get('slug') ?? '';

async function render(content, state = '') {
  const [log, dead, letters, addressees] = await Promise.all([
    get(paths.reminderLog({ state, slug: onlySlug })), get(paths.reminderLog({ state: 'DeadLettered', slug: onlySlug })), get(paths.communications()), get(paths.addressees())]);
  // The log names letters by slug and addressees by id; show their references and names.
  references = new Map((letters.ok ? letters.data : []).map(c => [c.slug, c.reference]));
  names = new Map((addressees.ok ? addressees.data : []).map(a => [a.id, a.name]));
  const result = h('div', { role: 'status', class: 'notice', id: 'resend-result' });
  const filter = h('select', { id: 'state-filter' },
    h('option', { value: '' }, t('reminders.allStates')),
    STATES.map(s => h('option', { value: s, selected: s === state }, stateText(s))));
  filter.addEventListener('change', () => render(content, filter.value));
  const counts = log.ok ? Object.entries(log.data.countsByState ?? {}) : [];
  const records = log.ok ? log.data.records ?? [] : [];
  const logBlock = !log.ok ? h('p', { class: 'muted' }, log.missing ? t('reminders.notYet') : problemText(log))
    : records.length === 0 ? h('p', {}, t('reminders.none'))
    : h('table', { id: 'reminder-log' },
      h('caption', { class: 'visually-hidden' }, t('reminders.log')),
      h('thead', {}, h('tr', {}, ['reminders.when', 'letters.reference', 'reminders.kind', 'reminders.to', 'reminders.state', 'reminders.attempts', 'reminders.reason'].map(k => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, records.map(r => h('tr', { 'data-state': r.state },
        h('td', {}, formatDateTime(r.updatedAt ?? r.claimedAt)), h('td', {}, letterLink(r.slug)),
        h('td', {}, kindText(r.kind)), h('td', {}, nameOf(r.addresseeId)), h('td', {}, stateText(r.state)),
        h('td', {}, formatNumber(r.attempts)), h('td', {}, r.reason ?? '')))));
  const deadRecords = dead.ok ? dead.data.records ?? [] : [];
  const deadBlock = !dead.ok ? h('p', { class: 'muted' }, dead.missing ? t('reminders.notYet') : problemText(dead))
    : deadRecords.length === 0 ? h('p', {}, t('reminders.noDead'))
    : h('table', { id: 'dead-letters' },
      h('caption', { class: 'visually-hidden' }, t('reminders.dead')),
      h('thead', {}, h('tr', {}, ['reminders.when', 'letters.reference', 'reminders.kind', 'reminders.to', 'reminders.reason', 'common.actions'].map(k => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, deadRecords.map(d => h('tr', {},
        h('td', {}, formatDateTime(d.updatedAt ?? d.claimedAt)), h('td', {}, letterLink(d.slug)), h('td', {}, kindText(d.kind)),
        h('td', {}, nameOf(d.addresseeId)), h('td', {}, d.reason ?? ''),
        h('td', {}, h('button', {
          type: 'button', 'aria-label': `${t('reminders.resend')} ${references.get(d.slug) ?? d.slug} ${kindText(d.kind)}`,
          onclick: async () => {
            const r = await send('POST', paths.resendReminder(d.slug, d.kind));
            await render(content, state);
            say($('#resend-result'), r.ok ? t('reminders.resent') : problemText(r), r.ok ? 'success' : 'error');
          },
        }, t('reminders.resend')))))));
  // Sends every undelivered reminder again, one after the other (each is its own audited resend), and says which failed.
  const resendAll = deadRecords.length > 1 ? h('button', {
    type: 'button', id: 'resend-all',
    onclick: async event => {
      event.target.disabled = true;
      const failures = [];
      let sent = 0;
      for (const d of deadRecords) {
        const r = await send('POST', paths.resendReminder(d.slug, d.kind));
        if (r.ok) sent++; else failures.push(`${references.get(d.slug) ?? d.slug} ${kindText(d.kind)} (${problemText(r)})`);
      }
      await render(content, state);
      say($('#resend-result'), [tn('reminders.resentAll', sent), failures.length ? t('reminders.resendFailed', { list: failures.join('; ') }) : ''].join(' ').trim(),
        failures.length ? 'error' : 'success');
    },
  }, t('reminders.resendAll')) : null;
  const only = onlySlug ? h('p', { class: 'notice', id: 'only-slug' },
    t('reminders.onlyFor', { what: onlySlug === 'weekly-digest' ? t('reminders.digest') : references.get(onlySlug) ?? onlySlug }), ' ',
    h('a', { href: 'reminders.html' }, t('reminders.showAll'))) : null;
  fill(content,
    only,
    h('section', { 'aria-labelledby': 'dead-h' }, h('h2', { id: 'dead-h' }, t('reminders.dead')), h('p', { class: 'hint' }, t('reminders.deadHint')), deadBlock, resendAll),
    result,
    h('section', { 'aria-labelledby': 'log-h' }, h('h2', { id: 'log-h' }, t('reminders.log')),
      counts.length ? h('ul', { class: 'counts', id: 'reminder-counts' }, counts.map(([s, n]) => h('li', {}, `${stateText(s.charAt(0).toLowerCase() + s.slice(1))}: ${formatNumber(n)}`))) : null,
      h('label', { for: 'state-filter' }, t('reminders.filterState')), ' ', filter, logBlock));
}

startPage({ role: 'secretariat', render: () => render($('#content')) });
