// "Now" as the API sees it. Locally the DevHost's clock can be moved forward (/dev/clock), so countdowns
// follow the server's time rather than the browser's; in Azure the two agree.
let offsetMs = 0;

export async function syncClock(authKind) {
  if (authKind !== 'dev') return;
  try {
    const r = await fetch(new URL('dev/clock', document.baseURI));
    if (r.ok) {
      const { now } = await r.json();
      offsetMs = new Date(now).getTime() - Date.now();
    }
  } catch {
    offsetMs = 0;
  }
}

export function now() {
  return new Date(Date.now() + offsetMs);
}
