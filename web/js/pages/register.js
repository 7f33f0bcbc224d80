import { startPage, problemText } from '../app.js';
import { get, send, paths } from '../api.js';
import { h, fill, $, say, clear, field } from '../dom.js';
import { t, GENEVA } from '../i18n.js';
import { now } from '../clock.js';

/** Today in Geneva as yyyy-MM-dd (the secretariat's calendar), from the server's clock. */
const genevaToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: GENEVA, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now());

let letterCount = 0;

function letterFieldset(addressees, index) {
  const n = ++letterCount;
  const input = (name, attrs = {}) => h('input', { type: 'text', name, id: `${name}-${n}`, ...attrs });
  const addressee = h('select', { name: 'addresseeId', id: `addressee-${n}`, required: true },
    h('option', { value: '' }, t('register.chooseAddressee')),
    addressees.map(a => h('option', { value: a.id }, `${a.name} (${a.id})`)));
  const fieldset = h('fieldset', { class: 'letter', 'data-letter': n },
    h('legend', {}, t('register.letterN', { n: index })),
    field(t('register.reference'), input('reference', { required: true, autocomplete: 'off' }), t('register.referenceHint')),
    field(t('register.addressee'), addressee),
    field(t('register.subject'), input('subject', { required: true })),
    field(t('register.summary'), h('textarea', { name: 'summary', id: `summary-${n}`, required: true })),
    field(t('register.mandates'), h('textarea', { name: 'mandates', id: `mandates-${n}`, required: true }), t('register.mandatesHint')),
    field(t('register.sentOn'), h('input', { type: 'date', name: 'sentOn', id: `sentOn-${n}`, required: true, value: genevaToday(), max: genevaToday() })),
    field(t('register.windowDays'), h('input', { type: 'number', name: 'replyWindowDays', id: `days-${n}`, min: '1', max: '365', value: '60' })),
    field(t('register.letterFile'), h('input', { type: 'file', name: 'letter', id: `letter-${n}`, required: true })),
    field(t('register.publicVersion'), h('input', { type: 'file', name: 'publicVersion', id: `public-${n}` }), t('register.publicVersionHint')));
  if (index > 1) {
    fieldset.append(h('button', { type: 'button', class: 'secondary', onclick: () => { fieldset.remove(); renumber(); } }, t('register.removeLetter')));
  }
  return fieldset;
}

function renumber() {
  [...document.querySelectorAll('fieldset.letter')].forEach((fs, i) => { fs.querySelector('legend').textContent = t('register.letterN', { n: i + 1 }); });
}

function draftOf(fs) {
  const v = name => fs.querySelector(`[name="${name}"]`).value.trim();
  const days = v('replyWindowDays');
  return {
    reference: v('reference'),
    addresseeId: v('addresseeId'),
    subject: v('subject'),
    summary: v('summary'),
    mandates: v('mandates').split('\n').map(m => m.trim()).filter(Boolean),
    sentOn: v('sentOn'),
    replyWindowDays: days ? Number(days) : null,
  };
}

function createdList(communications) {
  return h('ul', {}, communications.map(c => h('li', {}, h('a', { href: `communication.html?slug=${encodeURIComponent(c.slug)}` }, c.reference), ` — ${c.addresseeId}`)));
}

startPage({
  role: 'secretariat',
  async render() {
    const content = $('#content');
    const addressees = await get(paths.addressees());
    if (!addressees.ok) {
      say($('#status'), problemText(addressees), 'error');
      return;
    }
    const letters = h('div', { id: 'letters' }, letterFieldset(addressees.data, 1));
    const result = h('div', { role: 'alert', class: 'notice', id: 'register-result' });
    const caseTitle = h('input', { type: 'text', name: 'caseTitle', id: 'case-title' });
    const caseId = h('input', { type: 'text', name: 'caseId', id: 'case-id', pattern: '[a-z0-9-]{3,60}' });
    const submit = h('button', { type: 'submit', id: 'register-submit' }, t('register.submit'));
    const form = h('form', { class: 'stack', id: 'register-form', novalidate: true },
      h('p', {}, t('register.intro')),
      field(t('register.caseTitle'), caseTitle, t('register.caseTitleHint')),
      field(t('register.caseId'), caseId, t('register.caseIdHint')),
      letters,
      h('button', { type: 'button', class: 'secondary', id: 'add-letter', onclick: () => { letters.append(letterFieldset(addressees.data, letters.children.length + 1)); letters.lastElementChild.querySelector('input').focus(); } }, t('register.addLetter')),
      h('div', {}, submit),
      result);

    form.addEventListener('submit', async e => {
      e.preventDefault();
      clear(result);
      const sets = [...letters.querySelectorAll('fieldset.letter')];
      const missing = sets.flatMap(fs => [...fs.querySelectorAll('[required]')].filter(el => (el.type === 'file' ? el.files.length === 0 : !el.value.trim())));
      if (missing.length) {
        say(result, t('register.missing', { field: missing[0].closest('.field')?.querySelector('label')?.textContent ?? '' }), 'error');
        missing[0].focus();
        return;
      }
      if (sets.length > 1 && !caseTitle.value.trim()) {
        say(result, t('register.caseTitleNeeded'), 'error');
        caseTitle.focus();
        return;
      }
      submit.disabled = true;
      say(result, t('register.sending'));
      const data = new FormData();
      let answer;
      if (sets.length === 1 && !caseTitle.value.trim()) {
        const fs = sets[0];
        data.append('communication', JSON.stringify(draftOf(fs)));
        data.append('letter', fs.querySelector('[name=letter]').files[0]);
        const pub = fs.querySelector('[name=publicVersion]').files[0];
        if (pub) data.append('publicVersion', pub);
        answer = await send('POST', paths.communications(), data);
      } else {
        const draft = { id: caseId.value.trim() || null, title: caseTitle.value.trim(), communications: [] };
        sets.forEach((fs, i) => {
          const letterField = `letter-${i}`;
          data.append(letterField, fs.querySelector('[name=letter]').files[0]);
          const pub = fs.querySelector('[name=publicVersion]').files[0];
          let publicField = null;
          if (pub) {
            publicField = `public-${i}`;
            data.append(publicField, pub);
          }
          draft.communications.push({ communication: draftOf(fs), letterFile: letterField, publicVersionFile: publicField });
        });
        data.append('case', JSON.stringify(draft));
        answer = await send('POST', paths.cases(), data);
      }
      submit.disabled = false;
      if (!answer.ok) {
        say(result, problemText(answer), 'error');
        return;
      }
      const created = answer.data.communications ?? [answer.data];
      say(result, t('register.done', { count: created.length }), 'success');
      result.append(createdList(created));
      form.reset();
      fill(letters, letterFieldset(addressees.data, 1));
    });
    fill(content, form);
  },
});
