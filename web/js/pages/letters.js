import { startPage, problemText } from '../app.js';
import { get, paths } from '../api.js';
import { h, fill, $, say } from '../dom.js';
import { t, formatDateTime, GENEVA, browserTimeZone } from '../i18n.js';
import { phaseBadge, replyStatusBadge, countdown, startCountdowns } from '../letters-common.js';

startPage({
  role: 'addressee',
  async render() {
    const content = $('#content');
    const status = $('#status');
    const result = await get(paths.myCommunications());
    if (!result.ok) {
      say(status, problemText(result), 'error');
      return;
    }
    const letters = result.data;
    if (letters.length === 0) {
      fill(content, h('p', {}, t('letters.none')));
      return;
    }
    const zone = browserTimeZone();
    fill(content,
      h('p', { class: 'hint' }, t('letters.zones', { zone })),
      h('table', {},
        h('caption', { class: 'visually-hidden' }, t('letters.heading')),
        h('thead', {}, h('tr', {}, ['letters.reference', 'letters.subject', 'letters.phase', 'letters.replyStatus', 'letters.closes', 'letters.timeLeft'].map(k => h('th', { scope: 'col' }, t(k))))),
        h('tbody', {}, letters.map(c => h('tr', { 'data-slug': c.slug },
          h('th', { scope: 'row' }, h('a', { href: `letter.html?slug=${encodeURIComponent(c.slug)}` }, c.reference)),
          h('td', {}, c.subject),
          h('td', {}, phaseBadge(c.phase)),
          h('td', {}, replyStatusBadge(c.replyStatus)),
          h('td', {}, h('div', {}, formatDateTime(c.closesAt, zone)), h('div', { class: 'muted' }, `${t('letters.geneva')}: ${formatDateTime(c.closesAt, GENEVA)}`)),
          h('td', {}, countdown(c.closesAt)))))));
    startCountdowns();
  },
});
