import { expect, test } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hydrated } from "./helpers";

test("the console is installable and caches no private data", async ({ playwright, baseURL }) => {
  // Installability is never reported for incognito windows: a real profile.
  const context = await playwright.chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "pd-profile-")), {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"],
    baseURL,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto("/signin");
  await hydrated(page);
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
  expect(installabilityErrors).toEqual([]);

  const manifest = await (await page.request.get("/manifest.webmanifest")).json();
  expect(manifest).toMatchObject({ name: "Partnerdesk", display: "standalone", start_url: "/partners/resellers", scope: "/" });
  expect(manifest.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes} ${i.purpose}`))
    .toEqual(["192x192 any", "512x512 any", "512x512 maskable"]);

  // Sign in and use the console; the caches still hold only the static files.
  await page.request.post("/api/auth/sign_in", {
    form: { email: "admin@northwind.example", password: "northwind-demo", next: "/" },
    headers: { origin: new URL(page.url()).origin },
  });
  await page.goto("/partners/resellers");
  await hydrated(page);
  const cached: string[] = await page.evaluate(async () => {
    const paths: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname);
    }
    return paths;
  });
  expect(cached).toContain("/offline.html");
  expect(cached).toContain("/pkg/partnerdesk.wasm");
  // The lazily loaded pages' code too, so it is there when a page is first visited.
  expect(cached.filter((p) => /^\/pkg\/split_.*\.wasm$/.test(p)).length).toBeGreaterThan(3);
  expect(cached.filter((p) => p.startsWith("/api/") || p.startsWith("/partners"))).toEqual([]);
  await context.close();
});

// A server of its own, so it can be stopped and redeployed.
const port = Number(process.env.PARTNERDESK_E2E_PWA_PORT ?? 3190);

async function startServer(databaseUrl: string, buildId: string): Promise<ChildProcess> {
  // The binary ../dev.sh runs the browser tests against.
  const server = spawn(process.env.PARTNERDESK_SERVER_BIN ?? "target/debug/partnerdesk", ["serve"], {
    cwd: "..",
    env: { ...process.env, DATABASE_URL: databaseUrl, PARTNERDESK_ADDR: `127.0.0.1:${port}`, LEPTOS_ENV: "PROD",
           PARTNERDESK_BUILD_ID: buildId, PARTNERDESK_ADMIN_EMAIL: "pwa@test.example", PARTNERDESK_ADMIN_PASSWORD: "pwa test password" },
    stdio: "ignore",
  });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return server;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  server.kill();
  throw new Error("the PWA test server did not start");
}

async function stop(server: ChildProcess) {
  const exited = once(server, "exit");
  server.kill("SIGTERM");
  await exited;
}

test("with the server stopped navigations show the offline page; a new deployment offers a reload", async ({ browser }) => {
  const db = `sqlite://${join(mkdtempSync(join(tmpdir(), "pd-pwa-")), "pwa.db")}`;
  let server = await startServer(db, "first");
  const context = await browser.newContext({ baseURL: `http://127.0.0.1:${port}` });
  const page = await context.newPage();
  try {
    await page.goto("/signin");
    await hydrated(page);
    await page.evaluate(async () => { await navigator.serviceWorker.ready; });
    await page.reload();
    await hydrated(page);
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    await stop(server);
    await page.goto("/partners/resellers");
    await expect(page.getByRole("heading", { name: "You're offline" })).toBeVisible();

    // Deployed again with a new build: the page says so and reloads into it.
    server = await startServer(db, "second");
    await page.goto("/signin");
    await hydrated(page);
    const banner = page.getByRole("status").filter({ hasText: "A new version of Partnerdesk is available." });
    await expect(banner).toBeVisible();
    await Promise.all([page.waitForEvent("load"), banner.getByRole("button", { name: "Reload" }).click()]);
    await hydrated(page);
    await expect(banner).toBeHidden();
    const version = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      const source = await (await fetch(registration!.active!.scriptURL)).text();
      return { waiting: registration!.waiting !== null, second: source.includes('"second"') };
    });
    expect(version).toEqual({ waiting: false, second: true });
  } finally {
    await context.close();
    if (server.exitCode === null) await stop(server);
  }
});
