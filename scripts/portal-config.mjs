// Writes web/config.json, the portal pages' sign-in and API settings, from the azd environment, and puts the
// deployment's hosts into the Content-Security-Policy of web/staticwebapp.config.json (docs/security-headers.md):
//   eval "$(azd env get-values)" && npm run portal:config
// Reads ENTRA_TENANT_ID, ENTRA_PORTAL_CLIENT_ID, ENTRA_API_CLIENT_ID (or ENTRA_API_AUDIENCE), AZURE_FUNCTION_APP_URL
// and AZURE_STORAGE_BLOB_ENDPOINT; ENTRA_INSTANCE when the sign-in authority is not https://login.microsoftonline.com.
// azd runs it before packaging the web service (azure.yaml), with the environment's values set, and runs
// "npm run portal:config -- --template" after the deploy, which puts the placeholders back so the checkout stays clean.
// PORTAL_WEB_DIR points it at another copy of web/ (the infra tests use one).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = process.env.PORTAL_WEB_DIR || join(dirname(fileURLToPath(import.meta.url)), '..', 'web');
const headersFile = join(web, 'staticwebapp.config.json');

// The placeholders the committed file carries; the DevHost puts its own origins in them (PortalHeaders.cs).
const placeholders = { api: '__API_ORIGIN__', signIn: '__SIGN_IN_ORIGIN__', blob: '__BLOB_ORIGIN__' };

/** Rewrites the two directives that name other hosts, whatever they held before, so a second run gives the same file. */
function writePolicy(origins) {
  const config = JSON.parse(readFileSync(headersFile, 'utf8'));
  const policy = config.globalHeaders['Content-Security-Policy'];
  const directives = {
    'connect-src': `'self' ${origins.api} ${origins.signIn} ${origins.blob}`,
    'frame-src': `'self' ${origins.signIn}`,
  };
  config.globalHeaders['Content-Security-Policy'] = policy.split(';').map(part => part.trim()).map(part => {
    const name = part.split(' ')[0];
    return name in directives ? `${name} ${directives[name]}` : part;
  }).join('; ');
  writeFileSync(headersFile, JSON.stringify(config, null, 2) + '\n');
  console.log(`Wrote the Content-Security-Policy hosts into ${headersFile}`);
}

if (process.argv.includes('--template')) {
  writePolicy(placeholders);
  process.exit(0);
}

const need = ['ENTRA_TENANT_ID', 'ENTRA_PORTAL_CLIENT_ID', 'ENTRA_API_CLIENT_ID', 'AZURE_FUNCTION_APP_URL', 'AZURE_STORAGE_BLOB_ENDPOINT'];
const missing = need.filter(name => !process.env[name]);
if (missing.length) {
  console.error(`Set ${missing.join(', ')} first, for example: eval "$(azd env get-values)"`);
  process.exit(1);
}
const config = {
  tenantId: process.env.ENTRA_TENANT_ID,
  clientId: process.env.ENTRA_PORTAL_CLIENT_ID,
  apiScope: `${(process.env.ENTRA_API_AUDIENCE || `api://${process.env.ENTRA_API_CLIENT_ID}`).replace(/\/$/, '')}/access_as_user`,
  apiBaseUrl: process.env.AZURE_FUNCTION_APP_URL.replace(/\/$/, ''),
  ...(process.env.PUBLIC_SITE_URL ? { publicSiteUrl: process.env.PUBLIC_SITE_URL } : {}),
};
const target = join(web, 'config.json');
writeFileSync(target, JSON.stringify(config, null, 2) + '\n');
console.log(`Wrote ${target}`);

writePolicy({
  api: new URL(config.apiBaseUrl).origin,
  signIn: new URL(process.env.ENTRA_INSTANCE || 'https://login.microsoftonline.com').origin,
  blob: new URL(process.env.AZURE_STORAGE_BLOB_ENDPOINT).origin,
});
