// The confidentiality decision form, shared by the communication page and the requests page. A decision is made in
// two steps: the officer gives the decision and its reason, then reads what it will do (keep the reply off the public
// site, or publish it; at once when the letter is already public) and confirms. The same form reverses a decision:
// on a published letter the API refuses a reversal without a note (400), and the audit trail keeps it.
import { send, paths } from './api.js';
import { h, say, clear, field, uid, fill } from './dom.js';
import { t } from './i18n.js';
import { problemText } from './app.js';

/**
 * options: category (the request's reason category, shown in words), published (the letter is public),
 * current (the decision in force, to reverse).
 */
export function decisionForm(slug, replyId, onDecided, { category, published = false, current } = {}) {
  const reversing = current !== undefined && current !== null;
  const decision = h('select', { name: 'decision' },
    h('option', { value: 'accepted', selected: reversing && !current.accepted }, t('decision.grant')),
    h('option', { value: 'refused', selected: reversing && current.accepted }, t('decision.refuse')));
  const reason = h('textarea', { name: 'note', required: true, maxlength: '4000' });
  const result = h('div', { role: 'alert', class: 'notice' });
  const confirmation = h('div', { class: 'decision-confirm', hidden: true, tabindex: '-1' });
  const submit = h('button', { type: 'submit' }, reversing ? t('decision.reverse') : t('decision.submit'));
  const form = h('form', { class: 'stack decision', id: uid('decision'), novalidate: true },
    field(t('decision.label'), decision),
    field(t('decision.reason'), reason, reversing && published ? t('decision.reverseHint') : t('decision.reasonHint')),
    submit, confirmation, result);

  const editable = on => {
    decision.disabled = !on;
    reason.readOnly = !on;
    submit.hidden = !on;
    confirmation.hidden = on;
  };

  async function decide() {
    const answer = await send('POST', paths.confidentiality(slug, replyId), { accepted: decision.value === 'accepted', note: reason.value.trim() });
    editable(true);
    if (answer.ok) {
      say(result, t('decision.saved'), 'success');
      await onDecided?.();
    } else {
      say(result, problemText(answer), 'error');
    }
  }

  form.addEventListener('submit', e => {
    e.preventDefault();
    clear(result);
    if (!reason.value.trim()) {
      say(result, t('decision.reasonNeeded'), 'error');
      reason.focus();
      return;
    }
    const accepting = decision.value === 'accepted';
    fill(confirmation,
      h('p', {}, accepting ? t('decision.confirmAccept', { category: t(`confidentiality.${category}`) }) : t('decision.confirmRefuse')),
      published ? h('p', {}, t('decision.confirmPublished')) : null,
      h('button', { type: 'button', class: 'confirm-decision', onclick: decide }, t('decision.confirm')), ' ',
      h('button', { type: 'button', class: 'secondary', onclick: () => { editable(true); reason.focus(); } }, t('decision.change')));
    editable(false);
    confirmation.focus();
  });
  return form;
}
