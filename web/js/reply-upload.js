// The reply form's logic: one Idempotency-Key per submission (kept across retries of that same submission,
// so a retry after a lost answer cannot store the reply twice), per-file progress from one multipart upload.

export function newIdempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map(x => x.toString(16).padStart(2, '0')).join('');
}

/**
 * The files go out in order after the small text fields, so the bytes sent so far say how far each file is.
 * Returns one fraction (0..1) per file.
 */
export function perFileProgress(sizes, loaded, total) {
  const fileBytes = sizes.reduce((a, b) => a + b, 0);
  const overhead = Math.max(0, (total || fileBytes) - fileBytes);
  let offset = overhead;
  return sizes.map(size => {
    const done = size === 0 ? (loaded >= offset ? 1 : 0) : Math.min(1, Math.max(0, (loaded - offset) / size));
    offset += size;
    return done;
  });
}

/** Keeps the key for the submission being sent; a changed form is a new submission with a new key. */
export class Submission {
  #key = null;
  key() { return (this.#key ??= newIdempotencyKey()); }
  changed() { this.#key = null; }
  done() { this.#key = null; }
}
