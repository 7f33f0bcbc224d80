// Copies the MSAL browser bundle from node_modules into web/vendor so the portal pages can load it in Azure
// without a build step or a CDN. Run after "npm ci": npm run portal:vendor
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'node_modules', '@azure', 'msal-browser', 'lib', 'msal-browser.min.js');
const target = join(root, 'web', 'vendor', 'msal-browser.min.js');
mkdirSync(dirname(target), { recursive: true });
try {
  copyFileSync(source, target);
} catch (error) {
  console.error(`Could not copy ${source}: run "npm ci" at the repository root first. (${error.message})`);
  process.exit(1);
}
console.log(`Copied MSAL to ${target}`);
