// The deployment's settings. In Azure the deploy writes web/config.json (see docs/portal.md);
// locally there is none and the pages use the DevHost's demo sign-in on the same origin.
let loaded;

export function loadConfig() {
  loaded ??= fetch(new URL('config.json', document.baseURI), { cache: 'no-store' })
    .then(r => (r.ok ? r.json() : {}))
    .catch(() => ({}))
    .then(c => ({
      tenantId: c.tenantId ?? '',
      clientId: c.clientId ?? '',
      apiScope: c.apiScope ?? '',
      apiBaseUrl: (c.apiBaseUrl ?? '').replace(/\/$/, ''),
      // Locally the DevHost serves the public site at /site/; in Azure it is the storage static website.
      publicSiteUrl: c.publicSiteUrl ?? new URL('site/', document.baseURI).href,
      authority: c.authority ?? (c.tenantId ? `https://login.microsoftonline.com/${c.tenantId}` : ''),
    }));
  return loaded;
}
