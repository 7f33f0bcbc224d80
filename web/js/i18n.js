// Portal strings in English, French and Spanish (web/i18n/*.json), chosen from the browser's languages
// unless the person picked one with the switcher. Dates and times use Intl for the chosen language.
export const languages = ['en', 'fr', 'es'];
const KEY = 'rp.lang';
let strings = {};
let fallback = {};
let lang = 'en';

export function chooseLanguage() {
  const saved = localStorage.getItem(KEY);
  if (languages.includes(saved)) return saved;
  for (const candidate of navigator.languages ?? [navigator.language]) {
    const base = String(candidate).slice(0, 2).toLowerCase();
    if (languages.includes(base)) return base;
  }
  return 'en';
}

async function fetchStrings(code) {
  const r = await fetch(new URL(`i18n/${code}.json`, document.baseURI));
  return r.ok ? r.json() : {};
}

export async function loadLanguage(code = chooseLanguage()) {
  lang = code;
  [strings, fallback] = await Promise.all([fetchStrings(code), code === 'en' ? Promise.resolve(null) : fetchStrings('en')]);
  fallback ??= strings;
  document.documentElement.lang = code;
  return code;
}

export function setLanguage(code) {
  localStorage.setItem(KEY, code);
}

export function currentLanguage() {
  return lang;
}

/** The string for key, with {name} placeholders filled (as text, never markup). */
export function t(key, vars = {}) {
  const text = strings[key] ?? fallback[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

/**
 * A string that depends on a count, with the language's plural rules (Intl.PluralRules, the browser's CLDR data: in
 * French 0 and 1 are singular, in English and Spanish only 1). The key's forms are "key.one" and "key.other";
 * {n} is the count, formatted for the language.
 */
export function tn(key, count, vars = {}) {
  const form = new Intl.PluralRules(lang).select(count);
  const chosen = (strings[`${key}.${form}`] ?? fallback[`${key}.${form}`]) ? `${key}.${form}` : `${key}.other`;
  return t(chosen, { n: formatNumber(count), ...vars });
}

/** "1 day", "2 days"; "1 jour", "0 jour", "2 jours"; "1 día", "2 días". */
export const days = n => tn('unit.days', n);
export const hours = n => tn('unit.hours', n);
export const minutes = n => tn('unit.minutes', n);

/** Translates static markup: data-i18n (text), data-i18n-label (aria-label), data-i18n-title (document title). */
export function translatePage(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder));
  const title = document.querySelector('title[data-i18n-title]');
  if (title) document.title = `${t(title.dataset.i18nTitle)} · ${t('app.name')}`;
}

export const GENEVA = 'Europe/Zurich';

export function formatDateTime(instant, timeZone) {
  if (!instant) return '';
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(new Date(instant));
}

export function formatDate(instant, timeZone) {
  if (!instant) return '';
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', ...(timeZone ? { timeZone } : {}) }).format(new Date(instant));
}

/** A yyyy-MM-dd calendar date as words, without moving it through a time zone. */
export function formatCalendarDate(isoDate) {
  if (!isoDate) return '';
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

export function formatNumber(n) {
  return new Intl.NumberFormat(lang).format(n);
}

export function formatBytes(n) {
  const units = ['B', 'kB', 'MB', 'GB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: i ? 1 : 0 }).format(v)} ${units[i]}`;
}

export function browserTimeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
