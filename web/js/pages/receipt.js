import { startPage, problemText } from '../app.js';
import { get, paths, saveBlob } from '../api.js';
import { h, fill, $, say, query } from '../dom.js';
import { t, formatDateTime, formatBytes } from '../i18n.js';

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
    const receipt = result.data;
    // The signed content may be nested ({ receipt, signature }) or flat; show what is there.
    const body = receipt.receipt ?? receipt;
    const files = body.files ?? [];
    fill(content,
      h('dl', { class: 'facts' },
        h('dt', {}, t('receipt.reply')), h('dd', {}, String(body.replyId ?? replyId)),
        h('dt', {}, t('receipt.communication')), h('dd', {}, String(body.reference ?? body.communication ?? slug)),
        h('dt', {}, t('receipt.addressee')), h('dd', {}, String(body.addresseeId ?? body.addressee ?? '')),
        h('dt', {}, t('receipt.received')), h('dd', {}, formatDateTime(body.receivedAt)),
        h('dt', {}, t('receipt.signature')), h('dd', { class: 'hash' }, String(receipt.signature ?? body.signature ?? ''))),
      h('table', {},
        h('caption', {}, t('receipt.files')),
        h('thead', {}, h('tr', {}, ['receipt.fileName', 'receipt.size', 'receipt.sha256'].map(k => h('th', { scope: 'col' }, t(k))))),
        h('tbody', {}, files.map(f => h('tr', {},
          h('td', {}, f.fileName ?? f.name), h('td', {}, formatBytes(f.size ?? 0)), h('td', { class: 'hash' }, f.sha256))))),
      h('button', {
        type: 'button', id: 'download-receipt',
        onclick: () => saveBlob(new Blob([JSON.stringify(receipt, null, 2)], { type: 'application/json' }), `receipt-${slug}-${replyId}.json`),
      }, t('receipt.download')),
      h('h2', {}, t('receipt.verifyHeading')),
      h('ol', {},
        h('li', {}, t('receipt.verifyHashes'), h('pre', {}, h('code', {}, 'sha256sum <file>    # Linux, macOS: shasum -a 256 <file>\nGet-FileHash -Algorithm SHA256 <file>    # Windows PowerShell'))),
        h('li', {}, t('receipt.verifySignature')),
        h('li', {}, t('receipt.verifyKeep'))));
  },
});
