import { expect, test, type Browser, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { hydrated, signIn } from "./helpers";

/// The demo reseller found by `search`, switched on: its id and partner e-mail.
async function demoReseller(page: Page, baseURL: string, search: string) {
  const origin = new URL(baseURL).origin;
  const list = await (await page.request.post("/api/resellers/list", { form: { q: search, page: "1" }, headers: { origin } })).json();
  const id = list.rows[0][0];
  await page.request.post("/api/resellers/set_status", { form: { id: String(id), active: "true" }, headers: { origin } });
  const details = await (await page.request.post("/api/resellers/get", { form: { id: String(id) }, headers: { origin } })).json();
  return { id: id as number, email: details.email as string };
}

/// A browser of the reseller's own, signed in at its portal.
async function portal(browser: Browser, baseURL: string, domain: string, email: string) {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const site = baseURL.replace("127.0.0.1", `${domain}.localhost`);
  await page.goto(site + "/");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill("demo-reseller-pass");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  return { context, page, site };
}

test("a commission reseller sells an agency plan; the agency approves and pays the commission; the reseller sees it paid", async ({ page, browser, baseURL }) => {
  await signIn(page);
  const { id, email } = await demoReseller(page, baseURL!, "northstar media");
  const shop = `Harbor Dental ${Date.now()}`;
  const reference = `TR-E2E-${Date.now()}`;

  // The reseller adds a customer on the agency's Growth plan.
  const reseller = await portal(browser, baseURL!, "northstarmedia", email);
  await reseller.page.getByRole("link", { name: /^Customers/ }).click();
  await reseller.page.getByRole("link", { name: "+ Add customer" }).click();
  await reseller.page.getByLabel("Name").fill(shop);
  await reseller.page.getByLabel("E-mail").fill(`desk-${Date.now()}@harbor.example`);
  await reseller.page.getByLabel("Plan").selectOption({ label: "Growth · $79.00 per month" });
  await reseller.page.getByRole("button", { name: "Save" }).click();
  await expect(reseller.page.getByRole("status")).toHaveText("Customer added.");
  await expect(reseller.page.getByRole("row", { name: new RegExp(shop) })).toContainText("Growth");
  await reseller.page.goto(reseller.site + "/earnings");
  const earned = reseller.page.getByRole("row", { name: new RegExp(shop) });
  await expect(earned).toContainText("$79.00");
  await expect(earned).toContainText("Pending until");

  // The agency sees it pending, approves it and records the payout.
  await page.goto(`/partners/commissions?reseller=${id}`);
  await hydrated(page);
  const sale = page.getByRole("row", { name: new RegExp(shop) });
  await expect(sale).toContainText("Pending until");
  const commission = (await sale.locator("td").nth(6).textContent())!.trim();
  expect(commission).toMatch(/^\$\d+\.\d\d$/);
  await page.getByRole("button", { name: `Approve the commission on ${shop}` }).click();
  await expect(sale).toContainText("Approved");
  await page.getByRole("button", { name: "Record payout to Northstar Media" }).click();
  const form = page.getByRole("form", { name: "Payout to Northstar Media" });
  await form.getByLabel("Reference").fill(reference);
  await form.getByRole("button", { name: /^Pay \$/ }).click();
  await expect(page.getByText(/Payout of \$[\d,.]+ to Northstar Media recorded/)).toBeVisible();
  await expect(sale).toContainText(`Paid · ${reference}`);
  await expect(page.getByRole("region", { name: "Payouts" }).getByRole("row", { name: new RegExp(reference) })).toBeVisible();

  // The reseller sees it paid, and its statement says what the agency's says.
  await reseller.page.reload();
  await expect(earned).toContainText(`Paid · ${reference}`);
  await expect(earned).toContainText(commission);
  const month = new Date().toISOString().slice(0, 7);
  const monthName = new Date().toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
  const [download] = await Promise.all([
    reseller.page.waitForEvent("download"),
    reseller.page.getByRole("link", { name: monthName }).click(),
  ]);
  const portalCsv = readFileSync((await download.path())!, "utf8");
  expect(portalCsv).toContain(`${shop},Growth,USD,79.00,`);
  expect(portalCsv).toContain(`${commission.slice(1)},Paid,${reference}`);
  const agencyCsv = await (await page.request.get(`/partners/commissions/statement.csv?reseller=${id}&month=${month}`)).text();
  expect(agencyCsv).toBe(portalCsv);
  await reseller.context.close();
});

test("an own-plans reseller creates a plan and puts a customer on it; the agency reads both", async ({ page, browser, baseURL }) => {
  await signIn(page);
  const { id, email } = await demoReseller(page, baseURL!, "bluepeakmedia");
  const plan = `Studio ${Date.now()}`;
  const shop = `Juniper Yoga ${Date.now()}`;

  const reseller = await portal(browser, baseURL!, "bluepeakmedia", email);
  await reseller.page.getByRole("link", { name: "Your plans" }).click();
  await reseller.page.getByRole("link", { name: "+ New plan" }).click();
  await reseller.page.getByLabel("Name").fill(plan);
  await reseller.page.getByLabel("Price").fill("oops");
  await reseller.page.getByRole("button", { name: "Save" }).click();
  await expect(reseller.page.locator("#price-error")).toContainText("Enter a price");
  await expect(reseller.page.getByLabel("Name")).toHaveValue(plan);
  await reseller.page.getByLabel("Price").fill("39");
  await reseller.page.getByLabel("Messages per month", { exact: true }).fill("1000");
  await reseller.page.getByLabel("WhatsApp messages per month").fill("100");
  await reseller.page.getByLabel("Team members", { exact: true }).fill("2");
  await reseller.page.getByRole("button", { name: "Save" }).click();
  await expect(reseller.page.getByRole("status")).toHaveText("Plan added.");
  await expect(reseller.page.getByRole("row", { name: new RegExp(plan) })).toContainText("$39.00 per month");

  await reseller.page.goto(reseller.site + "/customers/new");
  await reseller.page.getByLabel("Name").fill(shop);
  await reseller.page.getByLabel("E-mail").fill(`om-${Date.now()}@juniper.example`);
  await reseller.page.getByLabel("Plan").selectOption({ label: `${plan} · $39.00 per month` });
  await reseller.page.getByRole("button", { name: "Save" }).click();
  await expect(reseller.page.getByRole("row", { name: new RegExp(shop) })).toContainText(plan);
  await reseller.page.goto(reseller.site + "/plans");
  await expect(reseller.page.getByRole("row", { name: new RegExp(plan) })).toContainText("1");

  // The agency reads the plan and the customer on it, on the reseller's page.
  await page.goto(`/partners/resellers/${id}`);
  await hydrated(page);
  await expect(page.getByRole("region", { name: "Its own plans" }).getByRole("row", { name: new RegExp(plan) })).toContainText("$39.00 per month");
  const customers = page.getByRole("region", { name: "Customers" });
  await customers.getByRole("searchbox", { name: "Search customers" }).fill(shop);
  await expect(customers.getByRole("row", { name: new RegExp(shop) })).toContainText(plan);
  await reseller.context.close();
});
