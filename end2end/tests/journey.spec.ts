import { expect, test } from "@playwright/test";
import { hydrated, signIn } from "./helpers";

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

// The seed, end to end: create (fixing what the server refuses without retyping the rest),
// find, open, edit, switch off and on, delete.
test("a reseller's whole life in the console", async ({ page }) => {
  const stamp = Date.now().toString(36).replace(/[0-9]/g, (d) => "abcdefghij"[Number(d)]);
  const name = `Journey ${stamp}`;
  await page.goto("/partners/resellers/new");
  await hydrated(page);
  await page.getByLabel("Reseller with Own Plans").check();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Partner Name").fill(name);
  await page.getByLabel("Partner Email").fill(`team@${stamp}.example.com`);
  await page.locator("#phone").fill("123 4567"); // the right shape, not a US number
  await page.locator("#password").fill("violet-otter-canyon-42");
  await page.getByLabel("Confirm Password").fill("violet-otter-canyon-42");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Contact Person Name").fill("Jo Journey");
  await page.getByLabel("Contact Person Email").fill(`jo@${stamp}.example.com`);
  await page.locator("#contact_phone").fill("(201) 555-0123");
  await page.getByRole("button", { name: "Next" }).click();
  const domain = page.getByRole("textbox", { name: "Login Domain" });
  await domain.fill("bluepeakmedia"); // a demo reseller's
  // Taken is said on the field while typing, and stops Next like any other error.
  await expect(page.locator("#login_domain-error")).toHaveText("This login domain is taken: choose another");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.locator("#login_domain-error")).toHaveText("This login domain is taken: choose another");
  await expect(page.getByRole("button", { name: "Create Reseller" })).toHaveCount(0);
  await domain.fill(stamp);
  await expect(page.locator("#login_domain-error")).toHaveText("");
  await expect(page.getByText("✓ Available.")).toBeVisible();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Create Reseller" }).click();

  // The server refuses the phone (only it knows the numbering plan); the wizard goes back to it.
  await expect(page.locator("#phone-error")).toHaveText("Enter a valid phone number for US");
  await expect(page.getByLabel("Partner Name")).toHaveValue(name);
  await page.locator("#phone").fill("(201) 555-0199");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Next" }).click();
  await expect(domain).toHaveValue(stamp);
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Create Reseller" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  // Find it by search and open it.
  await page.goto("/partners/resellers");
  await hydrated(page);
  await page.getByRole("searchbox", { name: /Search resellers/ }).fill(stamp);
  const row = page.locator("table.resellers tbody tr");
  await expect(row).toHaveCount(1);
  await row.locator("th").getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  // Edit it.
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Partner Name").fill(`${name} Renamed`);
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${name} Renamed` })).toBeVisible();

  // Off and on; the state survives a reload.
  const toggle = page.getByRole("switch", { name: `Status of ${name} Renamed` });
  await expect(toggle).toHaveAttribute("aria-checked", "true");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-checked", "false");
  await page.reload();
  await hydrated(page);
  await expect(toggle).toHaveAttribute("aria-checked", "false");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-checked", "true");
  await page.reload();
  await expect(toggle).toHaveAttribute("aria-checked", "true");

  // Delete it, after confirming.
  await hydrated(page);
  await page.getByRole("button", { name: "Delete" }).click();
  const dialog = page.getByRole("dialog", { name: `Delete ${name} Renamed?` });
  await expect(dialog).toContainText("cannot be undone");
  await dialog.getByRole("button", { name: "Delete reseller" }).click();
  await expect(page).toHaveURL(/\/partners\/resellers$/);
  await page.getByRole("searchbox", { name: /Search resellers/ }).fill(stamp);
  await expect(page.getByText(`No resellers match “${stamp}”`)).toBeVisible();
});
