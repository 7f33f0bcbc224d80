import { startPage, problemText } from '../app.js';
import { get, send, paths, download } from '../api.js';
import { h, fill, $, say, clear, field, query } from '../dom.js';
import { t, formatDateTime, formatBytes, formatNumber, days } from '../i18n.js';
import { letterFacts, startCountdowns } from '../letters-common.js';
import { ReplyKeys, uploadFile } from '../reply-upload.js';

const REPLY_LANGUAGES = ['en', 'fr', 'es', 'ar', 'zh', 'ru', 'other'];
// ConfidentialityCategories.All on the server.
const CONFIDENTIALITY_CATEGORIES = ['privacy-of-victims', 'ongoing-investigation', 'national-security', 'commercial-confidentiality', 'other'];

function replyForm(slug, onSent) {
  const replyKeys = new ReplyKeys(slug);
  const files = h('input', { type: 'file', name: 'files', multiple: true, required: true });
  const note = h('textarea', { name: 'note', maxlength: '4000' });
  const language = h('select', { name: 'language' }, REPLY_LANGUAGES.map(code => h('option', { value: code }, t(`replyLang.${code}`))));
  const wantsConfidentiality = h('input', { type: 'checkbox', id: 'wants-confidentiality', name: 'wantsConfidentiality' });
  const category = h('select', { name: 'confidentialityCategory' }, CONFIDENTIALITY_CATEGORIES.map(c => h('option', { value: c }, t(`confidentiality.${c}`))));
  const reason = h('textarea', { name: 'confidentialityReason', maxlength: '2000' });
  const confidentialFields = h('div', { hidden: true }, field(t('reply.category'), category), field(t('reply.reason'), reason, t('reply.reasonHint')));
  wantsConfidentiality.addEventListener('change', () => { confidentialFields.hidden = !wantsConfidentiality.checked; });
  const progressList = h('ul', { class: 'progress-list', 'aria-label': t('reply.progress') });
  const progressStatus = h('div', { role: 'status', 'aria-live': 'polite', class: 'visually-hidden', id: 'upload-progress-status' });
  const result = h('div', { role: 'alert', class: 'notice', id: 'reply-result' });
  const sendButton = h('button', { type: 'submit' }, t('reply.send'));

  const form = h('form', { class: 'stack', id: 'reply-form', novalidate: true },
    field(t('reply.files'), files, t('reply.filesHint')),
    field(t('reply.note'), note, t('reply.noteHint')),
    field(t('reply.language'), language),
    h('fieldset', {}, h('legend', {}, t('reply.confidentialityLegend')),
      h('div', {}, wantsConfidentiality, ' ', h('label', { for: 'wants-confidentiality', class: 'inline' }, t('reply.askConfidentiality'))),
      confidentialFields),
    sendButton, progressList, progressStatus, result);

  form.addEventListener('submit', async e => {
    e.preventDefault();
    clear(result);
    const chosen = [...files.files];
    if (chosen.length === 0) {
      say(result, t('reply.chooseFiles'), 'error');
      files.focus();
      return;
    }
    if (wantsConfidentiality.checked && !reason.value.trim()) {
      say(result, t('reply.reasonNeeded'), 'error');
      reason.focus();
      return;
    }
    const bars = chosen.map(file => {
      const bar = h('progress', { max: '100', value: '0', 'aria-label': t('reply.fileProgress', { name: file.name }) });
      progressList.append(h('li', { 'data-file': file.name }, h('span', {}, `${file.name} (${formatBytes(file.size)})`), bar));
      return bar;
    });
    progressList.replaceChildren(...bars.map(b => b.parentElement));
    sendButton.disabled = true;
    // The same files again (a retry, or after a reload) keep their key, so their sessions resume where they stopped.
    const replyKey = replyKeys.keyFor(chosen);
    const total = chosen.reduce((sum, f) => sum + f.size, 0);
    const fractions = chosen.map(() => 0);
    let lastAnnounced = -1;
    const announce = () => {
      const sent = chosen.reduce((sum, f, i) => sum + f.size * fractions[i], 0);
      const overall = total ? Math.floor((sent / total) * 10) * 10 : 0;
      if (overall !== lastAnnounced) {
        lastAnnounced = overall;
        progressStatus.textContent = t('reply.overall', { percent: formatNumber(overall) });
      }
    };
    const sessions = [];
    let answer = null;
    for (const [i, file] of chosen.entries()) {
      const uploaded = await uploadFile(file, {
        openSession: () => send('POST', paths.myUploads(slug), { fileName: file.name, size: file.size, replyKey }),
        onProgress(fraction) {
          fractions[i] = fraction;
          bars[i].value = Math.round(fraction * 100);
          announce();
        },
      });
      if (!uploaded.ok) {
        answer = uploaded;
        break;
      }
      sessions.push(uploaded.sessionId);
    }
    answer ??= await send('POST', paths.myReplyFromUploads(slug), {
      sessions,
      note: note.value.trim() || null,
      language: language.value,
      confidentialityCategory: wantsConfidentiality.checked ? category.value : null,
      confidentialityReason: wantsConfidentiality.checked ? reason.value.trim() : null,
    });
    if (answer.status === 0) answer.network = true;
    sendButton.disabled = false;
    if (answer.ok) {
      bars.forEach(b => { b.value = 100; });
      replyKeys.done();
      form.reset();
      confidentialFields.hidden = true;
      const reply = answer.data ?? {};
      const replyId = reply.id;
      say(result, t('reply.sent', { time: formatDateTime(reply.receivedAt) }), 'success');
      if (replyId) result.append(' ', h('a', { href: `receipt.html?slug=${encodeURIComponent(slug)}&reply=${encodeURIComponent(replyId)}` }, t('reply.viewReceipt')));
      await onSent();
      return;
    }
    if (answer.status === 415 || answer.status === 413) {
      say(result, `${t(answer.status === 415 ? 'reply.refusedType' : 'reply.refusedSize')} ${problemText(answer)}`, 'error');
      replyKeys.done();
    } else if (answer.network || answer.status >= 500 || answer.status === 409) {
      // The reply may or may not have been stored: sending again with the same key is safe.
      say(result, t('reply.retry'), 'error');
    } else {
      say(result, problemText(answer), 'error');
      replyKeys.done();
    }
  });
  return form;
}

async function repliesSection(slug, container) {
  const replies = await get(paths.myReplies(slug));
  if (!replies.ok) {
    fill(container, h('p', { class: 'muted' }, replies.missing ? t('replies.notYet') : problemText(replies)));
    return;
  }
  const list = replies.data;
  // The letter's facts were read before this reply was sent: the count follows the replies listed.
  const count = document.getElementById('reply-count');
  if (count) count.textContent = formatNumber(list.length);
  if (list.length === 0) {
    fill(container, h('p', {}, t('replies.none')));
    return;
  }
  fill(container, h('table', {},
    h('thead', {}, h('tr', {}, ['replies.received', 'replies.files', 'replies.status', 'replies.receipt'].map(k => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, list.map(r => h('tr', { 'data-reply': r.id },
      h('td', {}, formatDateTime(r.receivedAt)),
      h('td', {}, h('ul', {}, r.files.map(f => h('li', {}, `${f.fileName} (${formatBytes(f.size)})`)))),
      h('td', {}, r.onTime ? t('replies.onTime') : t('replies.late', { days: days(r.daysLate) }),
        r.confidentiality ? h('div', {}, t(`confidentiality.status.${r.confidentiality.status}`)) : null),
      h('td', {}, h('a', { href: `receipt.html?slug=${encodeURIComponent(slug)}&reply=${encodeURIComponent(r.id)}` }, t('replies.viewReceipt'))))))));
}

startPage({
  role: 'addressee',
  async render() {
    const slug = query('slug') ?? '';
    const content = $('#content');
    const status = $('#status');
    const result = await get(paths.myCommunication(slug));
    if (!result.ok) {
      $('h1').textContent = result.status === 404 ? t('letter.notFound') : t('letter.heading');
      document.title = `${$('h1').textContent} · ${t('app.name')}`;
      say(status, result.status === 404 ? t('letter.notFoundDetail') : problemText(result), 'error');
      content.append(h('a', { href: 'letters.html' }, t('letter.back')));
      return;
    }
    const c = result.data;
    $('h1').textContent = c.reference;
    document.title = `${c.reference} · ${t('app.name')}`;
    const downloadStatus = h('div', { role: 'status', class: 'notice' });
    const replies = h('div', { id: 'my-replies' });
    fill(content,
      letterFacts(c),
      h('button', {
        type: 'button', id: 'download-letter',
        onclick: async () => {
          const r = await download(paths.myLetter(slug), c.letter?.fileName ?? `${slug}.pdf`);
          if (r.ok) say(downloadStatus, t('letter.downloaded')); else say(downloadStatus, problemText(r), 'error');
        },
      }, t('letter.download')),
      downloadStatus,
      h('section', { 'aria-labelledby': 'reply-heading' }, h('h2', { id: 'reply-heading' }, t('reply.heading')),
        h('p', {}, t('reply.intro')), replyForm(slug, () => repliesSection(slug, replies))),
      h('section', { 'aria-labelledby': 'replies-heading' }, h('h2', { id: 'replies-heading' }, t('replies.heading')), replies));
    startCountdowns();
    await repliesSection(slug, replies);
  },
});
