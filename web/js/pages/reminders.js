import { startPage, problemText } from '../app.js';
import { get, send, paths } from '../api.js';
import { h, fill, $, say } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';

const rows = data => (Array.isArray(data) ? data : data?.items ?? data?.reminders ?? data?.deadLetters ?? []);

async function render(content) {
  const [log, dead] = await Promise.all([get(paths.reminderLog()), get(paths.deadLetters())]);
  const result = h('div', { role: 'status', class: 'notice', id: 'resend-result' });
  const logBlock = !log.ok ? h('p', { class: 'muted' }, log.missing ? t('reminders.notYet') : problemText(log))
    : rows(log.data).length === 0 ? h('p', {}, t('reminders.none'))
    : h('table', { id: 'reminder-log' },
      h('thead', {}, h('tr', {}, ['reminders.when', 'letters.reference', 'reminders.kind', 'reminders.to', 'reminders.state'].map(k => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, rows(log.data).map(r => h('tr', {},
        h('td', {}, formatDateTime(r.sentAt ?? r.at ?? r.dueAt)), h('td', {}, r.reference ?? r.slug ?? ''),
        h('td', {}, String(r.kind ?? r.offsetDays ?? '')), h('td', {}, (r.recipients ?? r.to ?? []).toString()), h('td', {}, r.state ?? r.status ?? '')))));
  const deadBlock = !dead.ok ? h('p', { class: 'muted' }, dead.missing ? t('reminders.notYet') : problemText(dead))
    : rows(dead.data).length === 0 ? h('p', {}, t('reminders.noDead'))
    : h('table', { id: 'dead-letters' },
      h('thead', {}, h('tr', {}, ['reminders.when', 'letters.reference', 'reminders.reason', 'common.actions'].map(k => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, rows(dead.data).map(d => h('tr', {},
        h('td', {}, formatDateTime(d.deadLetteredAt ?? d.at)), h('td', {}, d.reference ?? d.slug ?? ''), h('td', {}, d.reason ?? d.deadLetterReason ?? ''),
        h('td', {}, h('button', {
          type: 'button', 'aria-label': `${t('reminders.resend')} ${d.reference ?? d.id}`,
          onclick: async () => {
            const r = await send('POST', paths.resendDeadLetter(d.id ?? d.messageId));
            say(result, r.ok ? t('reminders.resent') : problemText(r), r.ok ? 'success' : 'error');
            if (r.ok) await render(content);
          },
        }, t('reminders.resend')))))));
  fill(content,
    h('section', { 'aria-labelledby': 'log-h' }, h('h2', { id: 'log-h' }, t('reminders.log')), logBlock),
    h('section', { 'aria-labelledby': 'dead-h' }, h('h2', { id: 'dead-h' }, t('reminders.dead')), h('p', { class: 'hint' }, t('reminders.deadHint')), deadBlock),
    result);
}

startPage({ role: 'secretariat', render: () => render($('#content')) });
