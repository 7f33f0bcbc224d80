// The reply form's upload (ADR 0104): each file goes straight to storage in blocks through a short-lived write-only
// URL the API grants per file (an upload session), a few blocks at a time, each retried with backoff; then the API
// makes the reply from the uploaded files. Block ids follow from the block index and sessions from the reply key and
// the file, so after a network drop or a reload the same session says which blocks storage already has and only the
// others are sent.

/** How many blocks of one file are on the wire at once. */
export const PARALLEL_BLOCKS = 4;

/** Attempts per block while the browser believes it is online; offline time does not count. */
export const MAX_ATTEMPTS = 6;

export function newIdempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map(x => x.toString(16).padStart(2, '0')).join('');
}

/** UploadSession.BlockId on the server: base64 of the index as six digits (every id the same length). */
export function blockId(index) {
  return btoa(String(index).padStart(6, '0'));
}

/** The Put Block URL of one block: the session's SAS URL with the block's id. */
export function blockUrl(uploadUrl, index) {
  return `${uploadUrl}&comp=block&blockid=${encodeURIComponent(blockId(index))}`;
}

/** The indexes still to send, in order. */
export function blocksToSend(blockCount, receivedBlocks = []) {
  const have = new Set(receivedBlocks);
  return [...Array(blockCount).keys()].filter(i => !have.has(i));
}

/** Milliseconds to wait before attempt n + 1 (n ≥ 1): 1 s, 2 s, 4 s … at most 30 s. */
export function retryDelay(attempt) {
  return Math.min(30_000, 1000 * 2 ** (attempt - 1));
}

/** A stable description of the chosen files: the same files chosen again after a reload give the same text. */
export function filesSignature(files) {
  return JSON.stringify([...files].map(f => [f.name, f.size, f.lastModified]));
}

/**
 * The reply key for a letter and a choice of files, kept in the browser's storage until the reply is made: a reload,
 * or sending again after a failure, reuses the sessions (and the blocks) of the first attempt; other files get a new key.
 */
export class ReplyKeys {
  #name;
  #storage;
  constructor(slug, storage = globalThis.localStorage) {
    this.#name = `responseportal.reply-key.${slug}`;
    this.#storage = storage;
  }

  keyFor(files) {
    const signature = filesSignature(files);
    let saved = null;
    try { saved = JSON.parse(this.#storage.getItem(this.#name) ?? 'null'); } catch { saved = null; }
    if (saved?.files === signature && saved.key) return saved.key;
    const key = newIdempotencyKey();
    this.#storage.setItem(this.#name, JSON.stringify({ files: signature, key }));
    return key;
  }

  done() { this.#storage.removeItem(this.#name); }
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

function online() {
  if (navigator.onLine) return Promise.resolve();
  return new Promise(resolve => window.addEventListener('online', () => resolve(), { once: true }));
}

/**
 * Uploads one file through its session. openSession() asks the API for the session (again) and resolves like api.send:
 * { ok, data } or { ok: false, status, problem }. onProgress(fraction) follows the blocks storage has confirmed.
 * Resolves { ok: true, sessionId } or the failed answer ({ network: true } when storage stayed out of reach).
 */
export async function uploadFile(file, { openSession, onProgress = () => {}, parallel = PARALLEL_BLOCKS }) {
  let opened = await openSession();
  if (!opened.ok) return opened;
  let session = opened.data;
  const pending = blocksToSend(session.blockCount, session.receivedBlocks);
  let confirmed = session.size - pending.reduce((sum, i) => sum + blockLength(session, i), 0);
  onProgress(session.size ? confirmed / session.size : 1);
  let failure = null;
  let renewing = null;

  // The SAS ran out (403): one renewal for every block that noticed.
  const renew = async () => {
    renewing ??= openSession().then(answer => {
      renewing = null;
      if (answer.ok) session = answer.data;
      return answer;
    });
    return renewing;
  };

  const sendBlock = async index => {
    const start = index * session.blockSize;
    const body = file.slice(start, start + blockLength(session, index));
    for (let attempt = 1; ; attempt++) {
      await online();
      let status = 0;
      try {
        const response = await fetch(blockUrl(session.uploadUrl, index), { method: 'PUT', body });
        status = response.status;
      } catch {
        status = 0; // the network: the block may or may not have arrived, sending it again is harmless
      }
      if (status === 201) return null;
      if (status === 403) {
        const answer = await renew();
        if (!answer.ok) return answer;
      } else if (status !== 0 && status !== 408 && status !== 429 && status < 500) {
        return { ok: false, status, problem: { title: 'storage', detail: `Storage refused a block (${status}).` } };
      }
      if (navigator.onLine && attempt >= MAX_ATTEMPTS) {
        return { ok: false, status: 0, network: true, problem: { title: 'network', detail: '' } };
      }
      if (navigator.onLine) await sleep(retryDelay(attempt));
    }
  };

  const worker = async () => {
    while (pending.length > 0 && !failure) {
      const index = pending.shift();
      const problem = await sendBlock(index);
      if (problem) {
        failure ??= problem;
        return;
      }
      confirmed += blockLength(session, index);
      onProgress(confirmed / session.size);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, Math.max(1, pending.length)) }, worker));
  return failure ?? { ok: true, sessionId: session.id };
}

function blockLength(session, index) {
  return index < session.blockCount - 1 ? session.blockSize : session.size - session.blockSize * (session.blockCount - 1);
}
