// Screenshots of the console for people to look at (not a test):
//   node screenshots.mjs http://127.0.0.1:3000 out-dir
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";

const [base = "http://127.0.0.1:3000", out = "screenshots"] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const pages = [["signin", "/signin"], ["resellers", "/partners/resellers"], ["search", "/partners/resellers?q=blue"],
               ["details", "/partners/resellers/1"], ["plans", "/partners/plans"], ["plan-edit", "/partners/plans/1/edit"],
               ["activity", "/partners/activity"], ["commissions", "/partners/commissions"], ["api-keys", "/settings/api-keys"], ["team", "/settings/team"], ["account", "/settings/account"], ["not-found", "/nope"]];
// The reseller portal (no hydration there): its sign-in page and a signed-in home.
const portal = process.env.PORTAL_DOMAIN ?? "crescentmedia";
const portalSearch = process.env.PORTAL_SEARCH ?? "crescent media";
for (const scheme of ["light", "dark"]) {
  for (const [width, height] of [[1440, 900], [1024, 768], [768, 1024], [390, 844], [360, 780]]) {
    const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme });
    const page = await context.newPage();
    const shotSignIn = async () => {
      await page.goto(base + "/signin");
      await page.waitForSelector("html[data-hydrated]");
      await page.screenshot({ path: `${out}/signin-${width}-${scheme}.png`, fullPage: true });
      await page.fill("#signin-email", process.env.ADMIN_EMAIL ?? "admin@northwind.example");
      await page.fill("#signin-password", process.env.ADMIN_PASSWORD ?? "northwind-demo");
      await Promise.all([page.waitForURL(/partners\/resellers/), page.click("button[type=submit]")]);
    };
    await shotSignIn();
    for (const [name, path] of pages.slice(1)) {
      await page.goto(base + path);
      await page.waitForSelector("html[data-hydrated]");
      await page.screenshot({ path: `${out}/${name}-${width}-${scheme}.png`, fullPage: true });
    }
    const portalBase = base.replace("127.0.0.1", `${portal}.localhost`);
    await page.goto(portalBase + "/");
    await page.screenshot({ path: `${out}/portal-signin-${width}-${scheme}.png`, fullPage: true });
    // The portal reseller's e-mail, as its agency sees it.
    const origin = new URL(base).origin;
    const found = await (await page.request.post(base + "/api/resellers/list", { form: { q: portalSearch, page: "1" }, headers: { origin } })).json();
    const reseller = found.rows?.[0]?.status === "active"
      ? await (await page.request.post(base + "/api/resellers/get", { form: { id: String(found.rows[0].id) }, headers: { origin } })).json()
      : null;
    const email = process.env.PORTAL_EMAIL ?? reseller?.email;
    await page.goto(portalBase + "/");
    if (email) {
      await page.fill("#email", email);
      await page.fill("#password", process.env.PORTAL_PASSWORD ?? "demo-reseller-pass");
      await Promise.all([page.waitForLoadState("load"), page.click("button[type=submit]")]);
      await page.screenshot({ path: `${out}/portal-home-${width}-${scheme}.png`, fullPage: true });
    }
    await context.close();
  }
}
await browser.close();
console.log(`screenshots in ${out}/`);
