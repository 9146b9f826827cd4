// What a first visit costs: for the sign-in page, the Resellers list (signed in) and two
// lazily loaded pages, the JS, wasm and CSS bytes the browser receives (as sent: brotli when the server has it)
// and the time from the start of navigation to a hydrated page, with an empty cache and
// no service worker, in headless Chromium.
//   node scripts/first-load.mjs http://127.0.0.1:3200 [runs]
import { chromium } from "../end2end/node_modules/playwright-core/index.mjs";

const base = process.argv[2] ?? "http://127.0.0.1:3000";
const runs = Number(process.argv[3] ?? 15);
const email = process.env.PARTNERDESK_EMAIL ?? "admin@northwind.example";
const password = process.env.PARTNERDESK_PASSWORD ?? "northwind-demo";

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});

/** One visit in a new context: bytes per kind of file, and ms to hydrated. */
async function visit(path, signedIn) {
  const context = await browser.newContext({ baseURL: base, serviceWorkers: "block" });
  if (signedIn) {
    const res = await context.request.post("/api/auth/sign_in", {
      form: { email, password, next: "/" },
      headers: { origin: base },
      maxRedirects: 0,
    });
    if (res.status() >= 400) throw new Error(`sign-in failed: ${res.status()}`);
  }
  const page = await context.newPage();
  const bytes = { js: 0, wasm: 0, css: 0 };
  const files = [];
  page.on("requestfinished", async (request) => {
    const kind = /\.(js|wasm|css)$/.exec(new URL(request.url()).pathname)?.[1];
    if (!kind) return;
    const sizes = await request.sizes();
    bytes[kind] += sizes.responseBodySize;
    files.push(new URL(request.url()).pathname);
  });
  await page.goto(path);
  await page.waitForFunction(() => performance.getEntriesByName("hydrated").length > 0, null, { timeout: 30000 });
  const ms = await page.evaluate(() => performance.getEntriesByName("hydrated")[0].startTime);
  // Anything the page still loads (a lazy part) counts: wait until the network is quiet.
  await page.waitForLoadState("networkidle");
  await context.close();
  return { bytes, ms, files };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`${"page (empty cache)".padEnd(24)} ${"JS".padStart(8)} ${"wasm".padStart(9)} ${"CSS".padStart(7)} ${"total".padStart(9)} ${"hydrated (median, p90)".padStart(24)}  files`);
// The two pages people land on, and two lazily loaded ones visited directly (their parts
// arrive after the first file).
const pages = [["/signin", false], ["/partners/resellers", true], ["/partners/plans", true], ["/partners/activity", true]];
for (const [path, signedIn] of pages) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await visit(path, signedIn));
  const last = results[results.length - 1];
  const total = last.bytes.js + last.bytes.wasm + last.bytes.css;
  const times = results.map((r) => r.ms);
  const p90 = [...times].sort((a, b) => a - b)[Math.floor(times.length * 0.9)];
  console.log(
    `${path.padEnd(24)} ${String(last.bytes.js).padStart(8)} ${String(last.bytes.wasm).padStart(9)} ${String(last.bytes.css).padStart(7)} ` +
      `${String(total).padStart(9)} ${`${median(times).toFixed(0)} ms, ${p90.toFixed(0)} ms`.padStart(24)}  ${last.files.length}`,
  );
}
await browser.close();
