import { startPage, problemText } from '../app.js';
import { get, paths } from '../api.js';
import { h, fill, $ } from '../dom.js';
import { t, formatDateTime, formatDate, days } from '../i18n.js';
import { now } from '../clock.js';

// Reminders go out at these offsets before the close while no reply exists (see docs/reminders.md).
const REMINDER_OFFSETS_DAYS = [30, 14, 7, 1];
const OPEN = ['awaiting-reply', 'due-soon'];

function plannedReminders(letters) {
  const at = now().getTime();
  return letters
    .filter(c => OPEN.includes(c.phase))
    .flatMap(c => REMINDER_OFFSETS_DAYS.map(days => ({ c, days, when: new Date(new Date(c.closesAt).getTime() - days * 86_400_000) })))
    .filter(r => r.when.getTime() > at)
    .sort((a, b) => a.when - b.when);
}

startPage({
  role: 'addressee',
  async render() {
    const content = $('#content');
    const [letters, notices] = await Promise.all([get(paths.myCommunications()), get(paths.myNotices())]);
    // GET api/me/notices: [{ slug, kind, at, title, text, closesAt }], newest last.
    const bySlug = new Map((letters.ok ? letters.data : []).map(c => [c.slug, c]));
    const noticesBlock = notices.ok
      ? (notices.data.length === 0
        ? h('p', {}, t('notices.none'))
        : h('ul', { id: 'notices' }, notices.data.map(n => h('li', {},
          h('strong', {}, formatDateTime(n.at)), ' — ',
          h('a', { href: `letter.html?slug=${encodeURIComponent(n.slug)}` }, bySlug.get(n.slug)?.reference ?? n.slug), ': ',
          n.title, n.text ? h('p', {}, n.text) : null))))
      : h('p', { class: 'muted' }, notices.missing ? t('notices.notYet') : problemText(notices));
    const planned = letters.ok ? plannedReminders(letters.data) : [];
    fill(content,
      h('section', { 'aria-labelledby': 'notices-heading' }, h('h2', { id: 'notices-heading' }, t('notices.received')), noticesBlock),
      h('section', { 'aria-labelledby': 'planned-heading' }, h('h2', { id: 'planned-heading' }, t('notices.planned')),
        h('p', { class: 'hint' }, t('notices.plannedHint')),
        planned.length === 0 ? h('p', {}, t('notices.noPlanned')) : h('table', {},
          h('thead', {}, h('tr', {}, ['letters.reference', 'notices.when', 'notices.daysBefore'].map(k => h('th', { scope: 'col' }, t(k))))),
          h('tbody', {}, planned.map(r => h('tr', {},
            h('td', {}, h('a', { href: `letter.html?slug=${encodeURIComponent(r.c.slug)}` }, r.c.reference)),
            h('td', {}, formatDate(r.when)),
            h('td', {}, t('notices.daysBeforeValue', { days: days(r.days) }))))))));
  },
});
