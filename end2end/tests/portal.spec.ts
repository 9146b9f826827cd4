import { expect, test } from "@playwright/test";
import { hydrated, signIn } from "./helpers";

test("a reseller signs in at its own domain, and its next navigation is refused once the agency switches it off", async ({ page, browser, baseURL }) => {
  await signIn(page);
  const origin = new URL(baseURL!).origin;
  const list = await (await page.request.post("/api/resellers/list", { form: { q: "zephyr media", page: "1" }, headers: { origin } })).json();
  const id = list.rows[0][0]; // rows are arrays, the id first
  await page.request.post("/api/resellers/set_status", { form: { id: String(id), active: "true" }, headers: { origin } });
  const details = await (await page.request.post("/api/resellers/get", { form: { id: String(id) }, headers: { origin } })).json();

  // The reseller, in a browser of its own, at zephyrmedia.localhost.
  const portal = baseURL!.replace("127.0.0.1", "zephyrmedia.localhost");
  const resellerContext = await browser.newContext();
  const reseller = await resellerContext.newPage();
  await reseller.goto(portal + "/");
  await expect(reseller.getByRole("heading", { name: "Zephyr Media" })).toBeVisible();
  await reseller.getByLabel("E-mail").fill(details.email);
  await reseller.getByLabel("Password").fill("wrong password");
  await reseller.getByRole("button", { name: "Sign in" }).click();
  await expect(reseller.getByRole("alert")).toHaveText("E-mail or password is wrong");
  await reseller.getByLabel("Password").fill("demo-reseller-pass");
  await reseller.getByRole("button", { name: "Sign in" }).click();
  await expect(reseller.getByText(`Signed in as ${details.email}`)).toBeVisible();
  await expect(reseller.getByRole("heading", { name: "Your plan" })).toBeVisible();
  if (details.plan) await expect(reseller.locator(".plan-name")).toHaveText(details.plan[1]); // a plan summary is an array: id, name, …
  await expect(reseller.getByRole("progressbar", { name: /^Messages: / })).toBeVisible();
  // The admin's console is not on this host.
  await reseller.goto(portal + "/partners/resellers");
  await expect(reseller.getByRole("heading", { name: "No reseller portal here" })).toBeVisible();
  await reseller.goto(portal + "/");
  await expect(reseller.getByText(`Signed in as ${details.email}`)).toBeVisible();

  // The admin switches it off in the console.
  await page.goto(`/partners/resellers/${id}`);
  await hydrated(page);
  const toggle = page.getByRole("switch", { name: "Status of Zephyr Media" });
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-checked", "false");

  // The reseller's next navigation is refused; so is signing in again.
  await reseller.reload();
  await expect(reseller.getByRole("heading", { name: "Access disabled" })).toBeVisible();
  await expect(reseller.locator("main")).toContainText("switched off by Northwind Digital");

  // Switched on again, it can sign in.
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-checked", "true");
  await reseller.reload();
  await reseller.getByLabel("E-mail").fill(details.email);
  await reseller.getByLabel("Password").fill("demo-reseller-pass");
  await reseller.getByRole("button", { name: "Sign in" }).click();
  await expect(reseller.getByText(`Signed in as ${details.email}`)).toBeVisible();
  await resellerContext.close();
});
