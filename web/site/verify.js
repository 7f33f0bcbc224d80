// "Verify this site": checks, in the browser and from the public files only, the publication log's chain, the
// signature of its head (ECDSA P-256, WebCrypto) and one page against the entry or the head that last committed it.
// The formats are in docs/publication.md ("The publication log"); the command `site verify --url` does the same.
(() => {
  'use strict';
  const form = document.getElementById('verify-form');
  if (!form || !window.crypto || !crypto.subtle) return;
  const text = JSON.parse(form.dataset.text);
  const root = form.dataset.root;
  const steps = document.getElementById('verify-steps');
  const result = document.getElementById('verify-result');
  const input = document.getElementById('page');
  const wanted = new URLSearchParams(location.search).get('page');
  if (wanted) input.value = wanted;

  const utf8 = new TextEncoder();
  const fill = (template, ...values) => values.reduce((s, v, i) => s.replace(`{${i}}`, String(v)), template);
  const step = message => { const li = document.createElement('li'); li.textContent = message; steps.append(li); };
  class Mismatch extends Error {}

  async function bytesOf(path) {
    const response = await fetch(root + path, { cache: 'no-store' });
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }
  async function jsonOf(path) {
    const bytes = await bytesOf(path);
    if (bytes === null) throw new Mismatch(`${path} is missing from the site.`);
    try { return { bytes, value: JSON.parse(new TextDecoder().decode(bytes)) }; } catch { throw new Mismatch(`${path} is not valid JSON.`); }
  }
  async function sha256(bytes) {
    return [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map(b => b.toString(16).padStart(2, '0')).join('');
  }
  // The instant as the chain writes it: UTC, seven decimals (the JSON keeps .NET's ticks; Date keeps milliseconds only).
  function instant(iso) {
    const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,7}))?(Z|[+-]\d\d:\d\d)$/.exec(iso);
    if (!m) throw new Mismatch(`${iso} is not an instant.`);
    const utc = m[3] === 'Z' || m[3] === '+00:00' ? m[1] : new Date(m[1] + m[3]).toISOString().slice(0, 19);
    return `${utc}.${(m[2] || '').padEnd(7, '0')}Z`;
  }
  const ordinal = (a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  const fileLines = files => [...files].sort(ordinal).map(f => `${f.path} ${f.sha256}\n`).join('');

  async function verifyHead() {
    const { value: head } = await jsonOf('log/head.json');
    const pem = await bytesOf('log/publication-key.pem');
    if (pem === null) throw new Mismatch('log/publication-key.pem is missing from the site.');
    const der = Uint8Array.from(atob(new TextDecoder().decode(pem).replace(/-----[^-]+-----|\s/g, '')), c => c.charCodeAt(0));
    const key = await crypto.subtle.importKey('spki', der, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    const signed = `${head.type}\n${head.sequence}\n${head.hash}\n${instant(head.at)}\n${fileLines(head.files)}`;
    const signature = Uint8Array.from(atob(head.signature), c => c.charCodeAt(0));
    if (head.type !== 'responseportal-publication-head/1'
        || !(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, signature, utf8.encode(signed)))) {
      throw new Mismatch('log/head.json: the signature does not verify with log/publication-key.pem.');
    }
    step(fill(text.head, head.sequence));
    return head;
  }

  async function verifyChain(head) {
    const { value: index } = await jsonOf('log.json');
    const entries = [];
    let previous = '0'.repeat(64);
    for (let chunk = 0; chunk * index.chunkSize < head.sequence; chunk++) {
      const { value: page } = await jsonOf(`log/${chunk}.json`);
      for (const e of page) {
        const expected = entries.length + 1;
        if (e.sequence !== expected) throw new Mismatch(`Entry ${expected} is missing from log/${chunk}.json.`);
        if (e.previousHash !== previous) throw new Mismatch(`Entry ${e.sequence} (in log/${chunk}.json) does not link to entry ${e.sequence - 1}.`);
        const canonical = `${e.sequence}\n${instant(e.at)}\n${e.slug}\n${e.kind}\n${fileLines(e.files)}${e.manifest ? `manifest ${e.manifest}\n` : ''}${e.previousHash}`;
        if (await sha256(utf8.encode(canonical)) !== e.hash) throw new Mismatch(`Entry ${e.sequence} (in log/${chunk}.json) was changed.`);
        previous = e.hash;
        entries.push(e);
      }
      step(fill(text.chain, entries.length, head.sequence));
    }
    if (entries.length !== head.sequence || previous !== head.hash) {
      throw new Mismatch(`The signed head (entry ${head.sequence}) does not match the last entry of the log (${entries.length}).`);
    }
    return entries;
  }

  // The newest commitment to a path: the signed head's own files, else the newest entry whose manifest wrote or removed it.
  async function commitment(path, head, entries) {
    const inHead = head.files.find(f => f.path === path);
    if (inHead) return { sha256: inHead.sha256, by: `the signed head (entry ${head.sequence})` };
    for (let i = entries.length - 1; i >= 0; i--) {
      const e = entries[i];
      if (e.manifest) {
        const manifestPath = `log/manifests/${e.sequence}.json`;
        const { bytes, value: manifest } = await jsonOf(manifestPath);
        if (await sha256(bytes) !== e.manifest) throw new Mismatch(`${manifestPath} was changed after entry ${e.sequence} committed to it.`);
        const written = manifest.written.find(f => f.path === path);
        if (written) return { sha256: written.sha256, by: `entry ${e.sequence}` };
        if (manifest.removed.includes(path)) return { removed: true, by: `entry ${e.sequence}` };
      } else {
        const file = e.files.find(f => f.path === path);
        if (file) return { sha256: file.sha256, by: `entry ${e.sequence}` };
      }
    }
    return null;
  }

  async function verifyPage(path, head, entries) {
    const committed = await commitment(path, head, entries);
    const bytes = await bytesOf(path);
    if (committed === null) throw new Mismatch(`${path} is served, but no entry of the log commits to it.`);
    if (committed.removed) {
      if (bytes !== null) throw new Mismatch(`${path} is served, but ${committed.by} removed it.`);
      return;
    }
    if (bytes === null) throw new Mismatch(`${path} (committed by ${committed.by}) is missing from the site.`);
    const actual = await sha256(bytes);
    if (actual !== committed.sha256) throw new Mismatch(`${path} has SHA-256 ${actual}, but ${committed.by} committed ${committed.sha256}.`);
    step(`${path}: SHA-256 ${actual} (${committed.by}).`);
  }

  form.addEventListener('submit', async event => {
    event.preventDefault();
    steps.replaceChildren();
    result.textContent = '';
    const path = input.value.trim().replace(/^\/+/, '').replace(/(^|\/)$/, '$1index.html');
    try {
      const head = await verifyHead();
      const entries = await verifyChain(head);
      await verifyPage(path, head, entries);
      result.textContent = text.intact;
      result.className = 'ontime';
    } catch (error) {
      result.textContent = `${text.mismatch}: ${error.message}`;
      result.className = 'late';
    }
  });
})();
