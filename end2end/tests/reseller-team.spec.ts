import { expect, test } from "@playwright/test";
import { hydrated, signIn } from "./helpers";

test("a reseller adds and removes a team member in its portal; the agency's count follows", async ({ page, browser, baseURL }) => {
  await signIn(page);
  const origin = new URL(baseURL!).origin;
  const list = await (await page.request.post("/api/resellers/list", { form: { q: "evergreenmedia", page: "1" }, headers: { origin } })).json();
  const id = String(list.rows[0][0]);
  await page.request.post("/api/resellers/set_status", { form: { id, active: "true" }, headers: { origin } });
  const details = await (await page.request.post("/api/resellers/get", { form: { id }, headers: { origin } })).json();
  const before: number = details.usage.team_members;
  const person = `Priya Raman ${Date.now()}`;

  const context = await browser.newContext();
  const reseller = await context.newPage();
  const site = baseURL!.replace("127.0.0.1", "evergreenmedia.localhost");
  await reseller.goto(site + "/");
  await reseller.getByLabel("E-mail").fill(details.email);
  await reseller.getByLabel("Password").fill("demo-reseller-pass");
  await reseller.getByRole("button", { name: "Sign in" }).click();
  await reseller.getByRole("link", { name: `Team (${before})` }).click();
  await reseller.getByLabel("Name").fill(person);
  await reseller.getByLabel("E-mail").fill("not an address");
  await reseller.getByRole("button", { name: "Add" }).click();
  await expect(reseller.locator("#email-error")).not.toBeEmpty();
  await reseller.getByLabel("E-mail").fill(`priya-${Date.now()}@evergreen.example`);
  await reseller.getByLabel("Role").selectOption("admin");
  await reseller.getByRole("button", { name: "Add" }).click();
  await expect(reseller.getByRole("status")).toHaveText("Member added.");
  await expect(reseller.getByRole("row", { name: new RegExp(person) })).toContainText("Admin");

  // The agency's details page counts the member.
  await page.goto(`/partners/resellers/${id}`);
  await hydrated(page);
  await expect(page.getByText(`${before + 1} of`)).toBeVisible();

  await reseller.getByRole("link", { name: `Remove ${person}` }).click();
  await reseller.getByRole("button", { name: "Remove" }).click();
  await expect(reseller.getByRole("status")).toHaveText("Member removed.");
  await expect(reseller.getByRole("row", { name: new RegExp(person) })).toHaveCount(0);
  await reseller.goto(site + "/");
  await expect(reseller.getByRole("link", { name: `Team (${before})` })).toBeVisible();
  await context.close();
});
