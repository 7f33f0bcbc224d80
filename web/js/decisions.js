// The confidentiality decision form, shared by the communication page and the requests page.
import { send, paths } from './api.js';
import { h, say, clear, field, uid } from './dom.js';
import { t } from './i18n.js';
import { problemText } from './app.js';

export function decisionForm(slug, replyId, onDecided) {
  const decision = h('select', { name: 'decision' },
    h('option', { value: 'accepted' }, t('decision.grant')), h('option', { value: 'refused' }, t('decision.refuse')));
  const reason = h('textarea', { name: 'note', required: true, maxlength: '4000' });
  const result = h('div', { role: 'alert', class: 'notice' });
  const form = h('form', { class: 'stack decision', id: uid('decision'), novalidate: true },
    field(t('decision.label'), decision), field(t('decision.reason'), reason, t('decision.reasonHint')),
    h('button', { type: 'submit' }, t('decision.submit')), result);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    clear(result);
    if (!reason.value.trim()) {
      say(result, t('decision.reasonNeeded'), 'error');
      reason.focus();
      return;
    }
    const answer = await send('POST', paths.confidentiality(slug, replyId), { accepted: decision.value === 'accepted', note: reason.value.trim() });
    if (answer.ok) {
      say(result, t('decision.saved'), 'success');
      await onDecided?.();
    } else {
      say(result, problemText(answer), 'error');
    }
  });
  return form;
}
