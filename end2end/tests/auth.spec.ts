import { expect, test } from "@playwright/test";
import { ADMIN_EMAIL, ADMIN_PASSWORD, hydrated, signInAs } from "./helpers";

test("a signed-out visitor signs in and lands on the page they asked for", async ({ page }) => {
  await page.goto("/partners/resellers?q=blue");
  await expect(page).toHaveURL(/\/signin\?next=/);
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Sign in to your agency" })).toBeVisible();

  await page.getByLabel("E-mail").fill(ADMIN_EMAIL);
  await page.getByLabel("Password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL(/\/partners\/resellers\?q=blue$/);
  await expect(page.getByRole("heading", { level: 1, name: "Resellers" })).toBeVisible();
  await expect(page.getByRole("searchbox", { name: /Search resellers/ })).toHaveValue("blue");
  await expect(page.getByText(ADMIN_EMAIL)).toBeVisible();
  await expect(page.getByText("Northwind Digital")).toBeVisible();
});

test("a wrong password gets the generic message", async ({ page }) => {
  await page.goto("/signin");
  await hydrated(page);
  await page.getByLabel("E-mail").fill(ADMIN_EMAIL);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("E-mail or password is wrong");
  await expect(page).toHaveURL(/\/signin/);
});

test("signing out ends the session", async ({ page }) => {
  await signInAs(page, ADMIN_EMAIL);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await page.goto("/partners/resellers");
  await expect(page).toHaveURL(/\/signin\?next=%2Fpartners%2Fresellers$/);
});
