// Sign-in with two strategies, chosen once per page:
//  - "entra": MSAL (@azure/msal-browser) against Microsoft Entra ID, when web/config.json names a client id;
//  - "dev":   the DevHost's demo personas (POST /dev/token/{persona}), only when GET /dev/personas answers.
// See docs/adr/0401-portal-pages-without-a-framework.md.
import { loadConfig } from './config.js';

const DEV_TOKEN = 'rp.devToken';
const DEV_PERSONA = 'rp.devPersona';
let strategy;

async function devPersonas() {
  try {
    const r = await fetch(new URL('dev/personas', document.baseURI), { headers: { Accept: 'application/json' } });
    return r.ok ? await r.json() : null;
  } catch {
    return null;
  }
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`Could not load ${src}; run "npm run portal:vendor" before deploying.`));
    document.head.append(script);
  });
}

async function entraStrategy(config) {
  // The MSAL bundle is copied into web/vendor by "npm run portal:vendor" and only loaded in Azure mode.
  await loadScript(new URL('vendor/msal-browser.min.js', document.baseURI).href);
  const msal = window.msal;
  const app = await msal.createStandardPublicClientApplication({
    auth: { clientId: config.clientId, authority: config.authority, redirectUri: new URL('./', document.baseURI).href },
    cache: { cacheLocation: 'sessionStorage' },
  });
  const redirect = await app.handleRedirectPromise();
  if (redirect?.account) app.setActiveAccount(redirect.account);
  const account = () => app.getActiveAccount() ?? app.getAllAccounts()[0] ?? null;
  const request = { scopes: [config.apiScope] };
  return {
    kind: 'entra',
    signedIn: () => account() !== null,
    signIn: () => app.loginRedirect({ ...request, redirectStartPage: location.href }),
    signOut: () => app.logoutRedirect({ account: account(), postLogoutRedirectUri: new URL('./', document.baseURI).href }),
    async token() {
      const current = account();
      if (!current) return null;
      try {
        return (await app.acquireTokenSilent({ ...request, account: current })).accessToken;
      } catch (error) {
        if (error instanceof msal.InteractionRequiredAuthError) {
          await app.acquireTokenRedirect({ ...request, account: current });
        }
        throw error;
      }
    },
  };
}

function devStrategy(personas) {
  return {
    kind: 'dev',
    personas,
    signedIn: () => sessionStorage.getItem(DEV_TOKEN) !== null,
    persona: () => sessionStorage.getItem(DEV_PERSONA),
    async signIn(persona) {
      const r = await fetch(new URL(`dev/token/${encodeURIComponent(persona)}`, document.baseURI), { method: 'POST' });
      if (!r.ok) throw new Error(`Demo sign-in failed (${r.status})`);
      const { token } = await r.json();
      sessionStorage.setItem(DEV_TOKEN, token);
      sessionStorage.setItem(DEV_PERSONA, persona);
    },
    signOut() {
      sessionStorage.removeItem(DEV_TOKEN);
      sessionStorage.removeItem(DEV_PERSONA);
      location.href = new URL('./', document.baseURI).href;
    },
    token: async () => sessionStorage.getItem(DEV_TOKEN),
  };
}

const none = { kind: 'none', signedIn: () => false, signIn() {}, signOut() {}, token: async () => null };

/** The sign-in strategy of this deployment: "entra", "dev" or "none" (not configured). */
export function auth() {
  strategy ??= (async () => {
    const config = await loadConfig();
    if (config.clientId) return entraStrategy(config);
    const personas = await devPersonas();
    return personas ? devStrategy(personas) : none;
  })();
  return strategy;
}

export async function accessToken() {
  return (await auth()).token();
}
