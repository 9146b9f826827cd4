import { chromium } from "playwright-core";
const base = "http://127.0.0.1:3401";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP *.localhost 127.0.0.1"] });
const width = Number(process.env.W ?? 1440);
const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: process.env.SCHEME ?? "light" });
const page = await context.newPage();
await page.goto(base + "/signin");
await page.waitForSelector("html[data-hydrated]");
await page.fill("#signin-email", "admin@northwind.example");
await page.fill("#signin-password", "northwind-demo");
await Promise.all([page.waitForURL(/partners\/resellers/), page.click("button[type=submit]")]);
for (const [name, path] of (process.env.PAGES ?? "commissions=/partners/commissions").split(",").map(p => p.split("="))) {
  await page.goto(base + path);
  await page.waitForSelector("html[data-hydrated]");
  await page.waitForTimeout(500);
  await page.screenshot({ path: `/tmp/shot-${name}-${width}.png`, fullPage: process.env.FULL !== "0" });
}
for (const [name, domain, path] of (process.env.PORTAL ?? "").split(",").filter(Boolean).map(p => p.split(":"))) {
  const pb = `http://${domain}.localhost:3401`;
  const p2 = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
  await p2.goto(pb + "/");
  const email = process.env["EMAIL_" + domain];
  await p2.fill("input[name=email]", email);
  await p2.fill("input[name=password]", "demo-reseller-pass");
  await Promise.all([p2.waitForURL(pb + "/"), p2.click("button[type=submit]")]);
  await p2.goto(pb + path);
  await p2.screenshot({ path: `/tmp/shot-${name}-${width}.png`, fullPage: true });
}
await browser.close();
