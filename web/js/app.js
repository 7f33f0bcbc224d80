// What every portal page does first: language, sign-in, who is asking, the header; then the page's own part.
import { auth } from './auth.js';
import { get, paths } from './api.js';
import { syncClock } from './clock.js';
import { loadConfig } from './config.js';
import { h, fill, $, say } from './dom.js';
import { languages, loadLanguage, setLanguage, currentLanguage, t, translatePage } from './i18n.js';

const NAV = {
  addressee: [['letters.html', 'nav.letters'], ['notices.html', 'nav.notices']],
  secretariat: [
    ['dashboard.html', 'nav.dashboard'], ['register.html', 'nav.register'], ['addressees.html', 'nav.addressees'],
    ['confidentiality.html', 'nav.confidentiality'], ['reminders.html', 'nav.reminders'], ['reports.html', 'nav.reports'],
  ],
};

export const homeFor = caller => (caller?.role === 'secretariat' ? 'dashboard.html' : 'letters.html');

function languageSwitcher() {
  const select = h('select', { id: 'language', onchange: e => { setLanguage(e.target.value); location.reload(); } },
    languages.map(code => h('option', { value: code, lang: code, selected: code === currentLanguage() }, t(`lang.${code}`))));
  return h('div', {}, h('label', { for: 'language' }, `${t('app.language')} `), select);
}

async function renderHeader(caller, signIn) {
  const here = location.pathname.split('/').pop() || 'index.html';
  const links = caller ? NAV[caller.role] ?? [] : [];
  fill($('#top'),
    h('a', { class: 'brand', href: caller ? homeFor(caller) : './' }, t('app.name')),
    links.length ? h('nav', { 'aria-label': t('nav.label') },
      h('ul', {}, links.map(([href, key]) => h('li', {}, h('a', { href, 'aria-current': href === here ? 'page' : null }, t(key)))))) : null,
    h('div', { class: 'tools' },
      languageSwitcher(),
      caller ? h('span', {}, caller.displayName) : null,
      caller ? h('button', { type: 'button', class: 'secondary', onclick: () => signIn.signOut() }, t('app.signOut')) : null));
  const { publicSiteUrl } = await loadConfig();
  fill($('#bottom'), h('p', {}, t('app.footer'), ' ', h('a', { href: publicSiteUrl }, t('app.publicSite'))));
}

/** Shows an API failure as a sentence: not found, not available yet, or the problem's own detail. */
export function problemText(result) {
  if (result.missing) return t('common.notAvailable');
  if (result.status === 0) return t('common.network');
  if (result.status === 404) return t('common.notFound');
  if (result.status === 403) return t('common.forbidden');
  const p = result.problem ?? {};
  const details = Object.entries(p.errors ?? {}).flatMap(([, messages]) => messages);
  return [...new Set([p.detail || p.title || t('common.failed'), ...details].filter(Boolean))].join(' ');
}

/**
 * Starts a page. role: the role the page is for ('addressee', 'secretariat') or null for the sign-in page.
 * render({ caller, auth }) fills #content.
 */
export async function startPage(page) {
  try {
    await runPage(page);
  } catch (error) {
    // Whatever went wrong, the person sees it rather than an empty page.
    say($('#status'), `${t('common.failed')} ${error?.message ?? ''}`, 'error');
    throw error;
  } finally {
    // Tests and scripts wait for this: the page has finished its first render (or said why it could not).
    document.body.dataset.ready = 'true';
  }
}

async function runPage({ role, render }) {
  await loadLanguage();
  translatePage();
  const signIn = await auth();
  await syncClock(signIn.kind);
  const status = $('#status');
  if (role === null) {
    await renderHeader(null, signIn);
    await render({ caller: null, auth: signIn });
    return;
  }
  if (!signIn.signedIn()) {
    location.replace(`./?return=${encodeURIComponent(location.pathname.split('/').pop() + location.search)}`);
    return;
  }
  const me = await get(paths.me());
  if (!me.ok) {
    await renderHeader(null, signIn);
    say(status, me.status === 401 ? t('common.signInAgain') : problemText(me), 'error');
    if (me.status === 401) $('#content').append(h('a', { href: './', class: 'button' }, t('signin.heading')));
    return;
  }
  const caller = me.data;
  await renderHeader(caller, signIn);
  if (caller.role !== role) {
    say(status, t('common.wrongRole'), 'error');
    $('#content').append(h('a', { href: homeFor(caller), class: 'button' }, t('common.goHome')));
    return;
  }
  await render({ caller, auth: signIn });
}
