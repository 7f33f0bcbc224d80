// Every API path the pages use, in one place (as docs/openapi.json describes them), and the one way they call the API.
// A route that answers 404/405 without problem+json (an older API) resolves with { missing: true } and the page says so.
import { loadConfig } from './config.js';
import { accessToken } from './auth.js';

const e = encodeURIComponent;

export const paths = {
  me: () => 'api/me',
  myCommunications: () => 'api/me/communications',
  myCommunication: slug => `api/me/communications/${e(slug)}`,
  myLetter: slug => `api/me/communications/${e(slug)}/letter`,
  myReplies: slug => `api/me/communications/${e(slug)}/replies`,
  myUploads: slug => `api/me/communications/${e(slug)}/uploads`,
  myReplyFromUploads: slug => `api/me/communications/${e(slug)}/replies/from-uploads`,
  myReceipt: (slug, replyId) => `api/me/communications/${e(slug)}/replies/${e(replyId)}/receipt`,
  myNotices: () => 'api/me/notices',
  communications: () => 'api/communications',
  communication: slug => `api/communications/${e(slug)}`,
  letter: slug => `api/communications/${e(slug)}/letter`,
  events: slug => `api/communications/${e(slug)}/events`,
  replies: slug => `api/communications/${e(slug)}/replies`,
  republish: slug => `api/communications/${e(slug)}/republish`,
  confidentiality: (slug, replyId) => `api/communications/${e(slug)}/replies/${e(replyId)}/confidentiality`,
  cases: () => 'api/cases',
  addressees: () => 'api/addressees',
  addressee: id => `api/addressees/${e(id)}`,
  addresseeChanges: id => `api/addressees/${e(id)}/changes`,
  contacts: id => `api/addressees/${e(id)}/contacts`,
  contact: (id, email) => `api/addressees/${e(id)}/contacts/${e(email)}`,
  members: id => `api/addressees/${e(id)}/members`,
  member: (id, userId) => `api/addressees/${e(id)}/members/${e(userId)}`,
  monitoringSummary: () => 'api/monitoring/summary',
  reminderLog: ({ state, slug } = {}) => {
    const q = new URLSearchParams();
    if (state) q.set('state', state);
    if (slug) q.set('slug', slug);
    return `api/monitoring/reminders${q.size ? `?${q}` : ''}`;
  },
  resendReminder: (slug, kind) => `api/monitoring/reminders/${e(slug)}/${e(kind)}/resend`,
  publicationFailures: () => 'api/monitoring/publication-failures',
  retryPublication: slug => `api/monitoring/publication-failures/${e(slug)}/retry`,
  reportingPeriods: () => 'api/reporting-periods',
  reportingPeriod: id => `api/reporting-periods/${e(id)}`,
  reportPreview: (id, format, lang) => {
    const q = new URLSearchParams();
    if (format) q.set('format', format);
    if (lang) q.set('lang', lang);
    return `api/reporting-periods/${e(id)}/report${q.size ? `?${q}` : ''}`;
  },
  reportFinalise: id => `api/reporting-periods/${e(id)}/finalise`,
  reportCorrigenda: id => `api/reporting-periods/${e(id)}/corrigenda`,
};

export async function url(path) {
  const { apiBaseUrl } = await loadConfig();
  return apiBaseUrl ? `${apiBaseUrl}/${path}` : new URL(path, document.baseURI).href;
}

/** The outcome of a call: { ok, status, data } or { ok: false, status, problem, missing }. */
async function outcome(response) {
  const type = response.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await response.json().catch(() => null) : null;
  if (response.ok) {
    return { ok: true, status: response.status, data: body, response };
  }
  // A problem+json 404 is the API saying "no such thing"; any other 404 means the endpoint is not deployed.
  const isProblem = type.includes('application/problem+json');
  return {
    ok: false,
    status: response.status,
    problem: isProblem && body ? body : { title: response.statusText, detail: '' },
    missing: !isProblem && (response.status === 404 || response.status === 405),
  };
}

async function headers(extra = {}) {
  const token = await accessToken();
  return token ? { Authorization: `Bearer ${token}`, ...extra } : { ...extra };
}

export async function get(path) {
  try {
    return await outcome(await fetch(await url(path), { headers: await headers({ Accept: 'application/json' }) }));
  } catch (error) {
    return { ok: false, status: 0, problem: { title: 'network', detail: String(error) } };
  }
}

export async function send(method, path, body, extraHeaders = {}) {
  const init = { method, headers: await headers(extraHeaders) };
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  try {
    return await outcome(await fetch(await url(path), init));
  } catch (error) {
    return { ok: false, status: 0, problem: { title: 'network', detail: String(error) } };
  }
}

/** Downloads a protected file (the API needs the bearer token, so a plain link would not do). */
export async function download(path, fallbackName) {
  const response = await fetch(await url(path), { headers: await headers() });
  if (!response.ok) {
    return outcome(response);
  }
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1] ?? match[2]) : fallbackName;
  saveBlob(blob, name);
  return { ok: true, status: response.status };
}

export function saveBlob(blob, name) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
