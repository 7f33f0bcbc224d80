// Sums the counters of every .trx file in a folder and prints "N passed, N failed, N skipped".
// Node is already a prerequisite (Azurite), so this needs nothing else.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2] ?? "TestResults";
let passed = 0, failed = 0, skipped = 0, files = 0;
for (const name of readdirSync(dir, { recursive: true })) {
  if (!String(name).endsWith(".trx")) continue;
  files++;
  const xml = readFileSync(join(dir, String(name)), "utf8");
  const counters = xml.match(/<Counters\b[^>]*>/);
  if (!counters) continue;
  const attr = (key) => Number((counters[0].match(new RegExp(`\\b${key}="(\\d+)"`)) ?? [0, 0])[1]);
  passed += attr("passed");
  failed += attr("failed") + attr("error") + attr("timeout") + attr("aborted");
  skipped += attr("notExecuted");
}
if (files === 0) {
  console.error(`No test results (.trx) found in ${dir}.`);
  process.exit(1);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
