import { expect, test } from "@playwright/test";
import { hydrated, signIn } from "./helpers";

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("an admin creates a plan, assigns it in the wizard, sees it in the popover, and cannot delete it while used", async ({ page }) => {
  const stamp = Date.now().toString(36);
  const name = `E2E ${stamp}`;
  await page.goto("/partners/plans");
  await hydrated(page);
  await page.getByRole("link", { name: "+ Create Plan" }).click();
  await expect(page).toHaveURL(/\/partners\/plans\/new$/);
  await page.getByLabel("Plan name").fill(name);
  await page.getByLabel("Description").fill("Made by the browser test");
  await page.getByLabel("Price").fill("abc");
  await page.getByLabel("Billing cycle").selectOption("quarterly");
  await page.locator("#messages_limit").fill("1000");
  await page.getByLabel("WhatsApp messages per month").fill("200");
  await page.getByLabel("Team members").fill("4");
  await page.getByRole("button", { name: "Create plan" }).click();
  // Refused in the browser, on the field, before anything is sent.
  await expect(page.locator("#price-error")).toHaveText("Enter a price such as 49.00");
  await page.getByLabel("Price").fill("19.50");
  await page.getByRole("button", { name: "Create plan" }).click();
  await expect(page).toHaveURL(/\/partners\/plans$/);
  await expect(page.getByRole("status").filter({ hasText: `Plan ${name} created` })).toBeVisible();
  const row = page.locator("tbody tr", { hasText: name });
  await expect(row).toContainText("$19.50 per quarter");
  await expect(row).toContainText("1k messages / month");

  // Assign it to a reseller in the edit wizard.
  await page.goto("/partners/resellers?q=quartz%20media");
  await hydrated(page);
  await page.locator("table.resellers tbody tr").first().locator("th").getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: "Quartz Media" })).toBeVisible();
  await page.getByRole("link", { name: "Edit" }).click();
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Next" }).click();
  await page.locator("#plan_id").selectOption({ label: `${name} — $19.50 per quarter` });
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Quartz Media" })).toBeVisible();

  // The plan's popover opens on focus (keyboard) and on hover.
  const info = page.getByRole("button", { name: `Plan details: ${name}` });
  const tip = page.getByRole("tooltip");
  await info.focus();
  await expect(tip).toBeVisible();
  await expect(tip).toContainText("$19.50 per quarter");
  await expect(tip).toContainText("200 WhatsApp messages / month");
  await page.keyboard.press("Tab");
  await expect(tip).toBeHidden();
  await info.hover();
  await expect(tip).toBeVisible();
  // The change is in the reseller's timeline.
  await expect(page.locator(".timeline")).toContainText(`now on ${name}`);

  // In use: archiving is fine, deleting is refused with the count.
  await page.goto("/partners/plans");
  await hydrated(page);
  await row.getByRole("button", { name: `Archive ${name}` }).click();
  await expect(row.locator(".badge")).toHaveText("Archived");
  await row.getByRole("button", { name: `Delete ${name}` }).click();
  await row.getByRole("button", { name: "Delete", exact: true }).click();
  const refusal = page.getByRole("alert").filter({ hasText: "1 reseller uses this plan" });
  await expect(refusal).toBeVisible();
  await expect(row).toBeVisible();
  // An error stays until it is dismissed (it may cover the last row's buttons meanwhile).
  await refusal.getByRole("button", { name: "Dismiss" }).click();
  await expect(refusal).toBeHidden();
  await row.getByRole("button", { name: `Unarchive ${name}` }).click();
  await expect(row.locator(".badge")).toHaveText("Active");
});
