import { expect, test } from "@playwright/test";
import { hydrated, signIn } from "./helpers";

test("a reseller adds, edits and suspends a customer in its portal; the agency sees it on the reseller's page", async ({ page, browser, baseURL }) => {
  await signIn(page);
  const origin = new URL(baseURL!).origin;
  const list = await (await page.request.post("/api/resellers/list", { form: { q: "crescent media", page: "1" }, headers: { origin } })).json();
  const id = list.rows[0][0]; // rows are arrays, the id first
  await page.request.post("/api/resellers/set_status", { form: { id: String(id), active: "true" }, headers: { origin } });
  const details = await (await page.request.post("/api/resellers/get", { form: { id: String(id) }, headers: { origin } })).json();
  const shop = `Bistro Lumen ${Date.now()}`;

  const context = await browser.newContext();
  const reseller = await context.newPage();
  const portal = baseURL!.replace("127.0.0.1", "crescentmedia.localhost");
  await reseller.goto(portal + "/");
  await reseller.getByLabel("E-mail").fill(details.email);
  await reseller.getByLabel("Password").fill("demo-reseller-pass");
  await reseller.getByRole("button", { name: "Sign in" }).click();
  await reseller.getByRole("link", { name: /^Customers/ }).click();
  await expect(reseller.getByRole("heading", { level: 1, name: "Customers" })).toBeVisible();
  await reseller.getByRole("link", { name: "+ Add customer" }).click();
  // A wrong e-mail is said on its field; what was typed stays.
  await reseller.getByLabel("Name").fill(shop);
  await reseller.getByLabel("E-mail").fill("not an address");
  await reseller.getByRole("button", { name: "Save" }).click();
  await expect(reseller.locator("#email-error")).not.toBeEmpty();
  await expect(reseller.getByLabel("Name")).toHaveValue(shop);
  await reseller.getByLabel("E-mail").fill(`hello-${Date.now()}@lumen.example`);
  await reseller.getByRole("button", { name: "Save" }).click();
  await expect(reseller.getByRole("status")).toHaveText("Customer added.");
  await expect(reseller.getByRole("row", { name: new RegExp(shop) })).toContainText("Active");
  await reseller.getByRole("button", { name: `Suspend ${shop}` }).click();
  await expect(reseller.getByRole("row", { name: new RegExp(shop) })).toContainText("Suspended");
  await reseller.getByRole("searchbox", { name: "Search customers" }).fill("lumen");
  await reseller.getByRole("button", { name: "Search" }).click();
  await expect(reseller.getByRole("row", { name: new RegExp(shop) })).toBeVisible();

  // The agency reads it on the reseller's details page.
  await page.goto(`/partners/resellers/${id}`);
  await hydrated(page);
  const panel = page.getByRole("region", { name: "Customers" });
  await panel.getByRole("searchbox", { name: "Search customers" }).fill(shop);
  await expect(panel.getByRole("row", { name: new RegExp(shop) })).toContainText("Suspended");

  // Deleted after a question, in the portal.
  await reseller.getByRole("link", { name: `Delete ${shop}` }).click();
  await expect(reseller.getByRole("heading", { name: `Delete ${shop}?` })).toBeVisible();
  await reseller.getByRole("button", { name: "Delete" }).click();
  await expect(reseller.getByRole("status")).toHaveText("Customer deleted.");
  await expect(reseller.getByRole("row", { name: new RegExp(shop) })).toHaveCount(0);
  await context.close();
});
