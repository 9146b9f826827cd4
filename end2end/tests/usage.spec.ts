import { expect, test, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { hydrated, signIn } from "./helpers";

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

const card = (page: Page, label: string) =>
  page.locator(".card").filter({ has: page.getByRole("heading", { name: label, exact: true }) }).locator("data");

test("usage posted through the API shows in the cards and on the details page", async ({ page }) => {
  // A key from Settings, shown once.
  await page.goto("/settings/api-keys");
  await hydrated(page);
  await page.getByLabel("Name").fill(`E2E key ${Date.now()}`);
  await page.getByRole("button", { name: "Create key" }).click();
  const key = await page.locator("#new-key").inputValue();
  expect(key).toMatch(/^pdk_/);

  await page.goto("/partners/resellers");
  await hydrated(page);
  const before = Number(await card(page, "Messages Consumed").getAttribute("value"));
  const stamp = Date.now();
  const at = new Date().toISOString();
  const events = [
    { event_id: `e2e-${stamp}-1`, reseller: "willowmedia", kind: "messages", count: 1234, occurred_at: at },
    { event_id: `e2e-${stamp}-2`, reseller: "willowmedia", kind: "whatsapp_messages", count: 56, occurred_at: at },
  ];
  for (let i = 0; i < 2; i++) {
    // Sent twice (a retry): counted once.
    const res = await page.request.post("/api/v1/usage", { data: { events }, headers: { authorization: `Bearer ${key}` } });
    expect(res.status()).toBe(200);
    expect((await res.json()).accepted).toBe(i === 0 ? 2 : 0);
  }
  await page.reload();
  await hydrated(page);
  await expect(card(page, "Messages Consumed")).toHaveAttribute("value", String(before + 1234));

  await page.goto("/partners/resellers?q=willow%20media");
  await hydrated(page);
  await page.locator("table.resellers tbody tr").first().locator("th").getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: "Willow Media" })).toBeVisible();
  const meter = page.getByRole("progressbar", { name: /^Messages: / });
  await expect(meter).toBeVisible();
  const label = (await meter.getAttribute("aria-label"))!;
  const used = Number(label.match(/^Messages: ([\d,]+) used/)![1].replace(/,/g, ""));
  expect(used).toBeGreaterThanOrEqual(1234);
  // The chart has a text alternative with this month's figure.
  await page.getByText("Show the figures").click();
  const month = new Date().toLocaleString("en-US", { month: "short", year: "numeric", timeZone: "UTC" });
  await expect(page.locator(".chart-table tbody tr").first()).toContainText(month);
  await expect(page.locator(".chart-table tbody tr").first()).toContainText(used.toLocaleString("en-US"));

  // The key shows when it was last used.
  await page.goto("/settings/api-keys");
  await hydrated(page);
  await expect(page.locator("tbody tr").first()).not.toContainText("Never");
});

test("the reseller list downloads as CSV with its filters", async ({ page }) => {
  await page.goto("/partners/resellers?q=harbor");
  await hydrated(page);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^resellers-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = readFileSync(await download.path(), "utf8");
  const lines = text.trim().split(/\r\n/);
  expect(lines[0]).toContain("Name");
  expect(lines.length).toBeGreaterThan(1);
  for (const line of lines.slice(1)) expect(line.toLowerCase()).toContain("harbor");
});
