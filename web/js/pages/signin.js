import { startPage, homeFor } from '../app.js';
import { get, paths } from '../api.js';
import { h, fill, $, say } from '../dom.js';
import { t } from '../i18n.js';

function returnTarget(caller) {
  const wanted = new URLSearchParams(location.search).get('return');
  // Only a page of this portal: a file name, never another origin.
  return wanted && /^[a-z-]+\.html(\?[^#]*)?$/i.test(wanted) ? wanted : homeFor(caller);
}

async function goHome(status) {
  const me = await get(paths.me());
  if (me.ok) {
    location.assign(returnTarget(me.data));
  } else {
    say(status, t('signin.failed'), 'error');
  }
}

startPage({
  role: null,
  async render({ auth }) {
    const content = $('#content');
    const status = $('#status');
    if (auth.kind === 'none') {
      say(status, t('signin.notConfigured'), 'error');
      return;
    }
    if (auth.signedIn() && new URLSearchParams(location.search).get('choose') === null) {
      await goHome(status);
      return;
    }
    if (auth.kind === 'entra') {
      fill(content, h('p', {}, t('signin.entra')),
        h('button', { type: 'button', onclick: () => auth.signIn() }, t('signin.button')));
      return;
    }
    const list = h('ul', { class: 'personas' }, auth.personas.map(p => h('li', {},
      h('button', {
        type: 'button', 'data-persona': p.key,
        onclick: async () => {
          say(status, t('signin.signingIn'));
          try {
            await auth.signIn(p.key);
            await goHome(status);
          } catch (error) {
            say(status, `${t('signin.failed')} ${error.message}`, 'error');
          }
        },
      }, p.displayName))));
    fill(content, h('h2', {}, t('signin.demoHeading')), h('p', {}, t('signin.demo')), list);
  },
});
