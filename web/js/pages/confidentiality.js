import { startPage, problemText } from '../app.js';
import { get, paths } from '../api.js';
import { h, fill, $ } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';
import { decisionForm } from '../decisions.js';

/**
 * Requests waiting for a decision. The API has no cross-letter list of them: the page reads the letters that have
 * replies (replyCount > 0) and their replies, which at the secretariat's scale is a handful of small calls.
 */
async function pendingRequests() {
  const letters = await get(paths.communications());
  if (!letters.ok) return letters;
  const withReplies = letters.data.filter(c => c.replyCount > 0);
  const answers = await Promise.all(withReplies.map(c => get(paths.replies(c.slug))));
  const failed = answers.find(a => !a.ok);
  if (failed) return failed;
  const pending = withReplies.flatMap((c, i) => answers[i].data
    .filter(r => r.confidentiality?.status === 'requested')
    .map(r => ({ communication: c, reply: r })));
  return { ok: true, data: pending.sort((a, b) => new Date(a.reply.receivedAt) - new Date(b.reply.receivedAt)) };
}

async function render(content) {
  const requests = await pendingRequests();
  if (!requests.ok) {
    fill(content, h('p', { class: 'muted' }, requests.missing ? t('confidentiality.notYet') : problemText(requests)));
    return;
  }
  if (requests.data.length === 0) {
    fill(content, h('p', {}, t('confidentiality.none')));
    return;
  }
  fill(content, requests.data.map(({ communication: c, reply: r }) => h('article', { class: 'card', 'data-reply': r.id },
    h('h2', {}, h('a', { href: `communication.html?slug=${encodeURIComponent(c.slug)}` }, c.reference), ` · ${c.addresseeName ?? c.addresseeId}`),
    h('p', {}, t('replies.receivedAt', { time: formatDateTime(r.receivedAt) })),
    h('p', {}, t('confidentiality.requested', { category: t(`confidentiality.${r.confidentiality.category}`), reason: r.confidentiality.reason })),
    c.publishedAt ? h('p', { class: 'hint' }, t('confidentiality.publishedHint')) : null,
    decisionForm(c.slug, r.id, () => render(content), { category: r.confidentiality.category, published: Boolean(c.publishedAt) }))));
}

startPage({ role: 'secretariat', render: () => render($('#content')) });
