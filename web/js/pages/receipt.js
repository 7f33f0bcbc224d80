import { startPage, problemText } from '../app.js';
import { get, paths, saveBlob } from '../api.js';
import { h, fill, $, say, query } from '../dom.js';
import { t, formatDateTime, formatBytes, days } from '../i18n.js';

startPage({
  role: 'addressee',
  async render() {
    const slug = query('slug') ?? '';
    const replyId = query('reply') ?? '';
    const content = $('#content');
    const status = $('#status');
    const result = await get(paths.myReceipt(slug, replyId));
    if (!result.ok) {
      say(status, result.missing ? t('receipt.notYet') : problemText(result), 'error');
      content.append(h('a', { href: `letter.html?slug=${encodeURIComponent(slug)}` }, t('letter.back')));
      return;
    }
    // GET …/receipt answers the signed receipt as issued: { receipt: ReceiptPayload, signature: { algorithm, keyId, value } }.
    const signed = result.data;
    const body = signed.receipt;
    const signature = signed.signature;
    fill(content,
      h('dl', { class: 'facts' },
        h('dt', {}, t('receipt.id')), h('dd', {}, body.receiptId),
        h('dt', {}, t('receipt.reply')), h('dd', {}, body.replyId),
        h('dt', {}, t('receipt.communication')), h('dd', {}, body.communicationReference),
        h('dt', {}, t('receipt.addressee')), h('dd', {}, `${body.addresseeName} (${body.addresseeId})`),
        h('dt', {}, t('receipt.submittedBy')), h('dd', {}, body.submittedBy),
        h('dt', {}, t('receipt.received')), h('dd', {}, formatDateTime(body.receivedAtUtc), ` · ${body.receivedAtGeneva}`),
        h('dt', {}, t('receipt.onTime')), h('dd', {}, body.onTime ? t('replies.onTime') : t('replies.late', { days: days(body.daysLate) })),
        body.confidentialityRequested ? [h('dt', {}, t('receipt.confidentiality')), h('dd', {}, t(`confidentiality.${body.confidentialityRequested}`))] : null,
        h('dt', {}, t('receipt.signature')), h('dd', { class: 'hash' }, `${signature.algorithm} · ${t('receipt.key')} ${signature.keyId} · ${signature.value}`)),
      h('table', {},
        h('caption', {}, t('receipt.files')),
        h('thead', {}, h('tr', {}, ['receipt.fileName', 'receipt.size', 'receipt.sha256'].map(k => h('th', { scope: 'col' }, t(k))))),
        h('tbody', {}, body.files.map(f => h('tr', {},
          h('td', {}, f.name), h('td', {}, formatBytes(f.size)), h('td', { class: 'hash' }, f.sha256))))),
      h('button', {
        type: 'button', id: 'download-receipt',
        onclick: () => saveBlob(new Blob([JSON.stringify(signed, null, 2)], { type: 'application/json' }), `${body.receiptId}.json`),
      }, t('receipt.download')),
      h('h2', {}, t('receipt.verifyHeading')),
      h('ol', {},
        h('li', {}, t('receipt.verifyHashes'), h('pre', {}, h('code', {}, 'sha256sum <file>    # Linux, macOS: shasum -a 256 <file>\nGet-FileHash -Algorithm SHA256 <file>    # Windows PowerShell'))),
        h('li', {}, t('receipt.verifySignature')),
        h('li', {}, t('receipt.verifyKeep'))));
  },
});
