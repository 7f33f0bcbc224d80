// Writes web/config.json, the portal pages' sign-in and API settings, from the azd environment:
//   eval "$(azd env get-values)" && npm run portal:config
// Reads ENTRA_TENANT_ID, ENTRA_PORTAL_CLIENT_ID, ENTRA_API_CLIENT_ID (or ENTRA_API_AUDIENCE) and AZURE_FUNCTION_APP_URL.
// azd runs it before packaging the web service (azure.yaml), with the environment's values set.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const need = ['ENTRA_TENANT_ID', 'ENTRA_PORTAL_CLIENT_ID', 'ENTRA_API_CLIENT_ID', 'AZURE_FUNCTION_APP_URL'];
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
const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'web', 'config.json');
writeFileSync(target, JSON.stringify(config, null, 2) + '\n');
console.log(`Wrote ${target}`);
