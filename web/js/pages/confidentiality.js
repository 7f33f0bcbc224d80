import { startPage, problemText } from '../app.js';
import { get, paths } from '../api.js';
import { h, fill, $ } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';
import { decisionForm } from '../decisions.js';

async function render(content) {
  const requests = await get(paths.confidentialityRequests());
  if (!requests.ok) {
    fill(content, h('p', { class: 'muted' }, requests.missing ? t('confidentiality.notYet') : problemText(requests)));
    return;
  }
  const list = Array.isArray(requests.data) ? requests.data : requests.data?.requests ?? [];
  if (list.length === 0) {
    fill(content, h('p', {}, t('confidentiality.none')));
    return;
  }
  fill(content, list.map(r => h('article', { class: 'card' },
    h('h2', {}, h('a', { href: `communication.html?slug=${encodeURIComponent(r.slug)}` }, r.reference ?? r.slug)),
    h('p', {}, t('replies.receivedAt', { time: formatDateTime(r.receivedAt) })),
    h('p', {}, t('confidentiality.requested', { category: r.category ?? '', reason: r.reason ?? '' })),
    decisionForm(r.slug, r.replyId ?? r.id, () => render(content)))));
}

startPage({ role: 'secretariat', render: () => render($('#content')) });
