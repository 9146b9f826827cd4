import { expect, test } from "@playwright/test";
import { hydrated, signIn } from "./helpers";

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("the table is usable from the keyboard: search, move, open, create, help", async ({ page }) => {
  await page.goto("/partners/resellers");
  await hydrated(page);
  await page.keyboard.press("/");
  await expect(page.locator("#reseller-search")).toBeFocused();
  await page.keyboard.type("media");
  await expect(page).toHaveURL(/q=media/);
  await page.keyboard.press("Escape");
  await expect(page.locator("#reseller-search")).not.toBeFocused();

  const links = page.locator("table.resellers tbody th a");
  await expect(links.first()).toContainText("Media");
  await page.keyboard.press("j");
  await expect(links.nth(0)).toBeFocused();
  await page.keyboard.press("j");
  await expect(links.nth(1)).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(links.nth(2)).toBeFocused();
  await page.keyboard.press("k");
  await expect(links.nth(1)).toBeFocused();
  const name = (await links.nth(1).textContent())!.trim();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  await page.goto("/partners/resellers");
  await hydrated(page);
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  await expect(help).toContainText("Create a reseller");
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();

  await page.keyboard.press("n");
  await expect(page).toHaveURL(/\/partners\/resellers\/new$/);
});

test("the create wizard works with the keyboard alone", async ({ page }) => {
  const stamp = Date.now().toString(36).replace(/[0-9]/g, (d) => "abcdefghij"[Number(d)]);
  await page.goto("/partners/resellers");
  await hydrated(page);
  await page.keyboard.press("n");
  await expect(page.getByRole("heading", { name: "Partner type" })).toBeVisible();
  await hydrated(page);
  // Step 1: the first radio takes focus with Tab from the form's start; arrows choose.
  const ownPlans = page.getByLabel("Reseller with Own Plans");
  const commission = page.getByLabel("Reseller with Commission");
  await ownPlans.focus();
  await page.keyboard.press("Space");
  await expect(ownPlans).toBeChecked();
  await page.keyboard.press("ArrowDown");
  await expect(commission).toBeChecked();
  await page.keyboard.press("ArrowUp");
  await expect(ownPlans).toBeChecked();
  await tabTo(page, "Next");
  await page.keyboard.press("Enter");

  // Step 2: type field after field, Tab between them.
  await expect(page.getByRole("heading", { name: "Partner details" })).toBeVisible();
  await expect(page.getByLabel("Partner Name")).toBeFocused();
  await page.keyboard.type(`Keys ${stamp}`);
  await tabTo(page, "Partner Email");
  await page.keyboard.type(`keys@${stamp}.example.com`);
  await page.locator("#phone").focus();
  await page.keyboard.type("(201) 555-0123");
  await tabTo(page, "Password", true);
  await page.keyboard.type("violet-otter-canyon-42");
  await tabTo(page, "Confirm Password");
  await page.keyboard.type("violet-otter-canyon-42");
  await tabTo(page, "Next");
  await page.keyboard.press("Enter");

  await expect(page.getByRole("heading", { name: "Contact person" })).toBeVisible();
  await expect(page.getByLabel("Contact Person Name")).toBeFocused();
  await page.keyboard.type("Kim Keys");
  await tabTo(page, "Contact Person Email");
  await page.keyboard.type(`kim@${stamp}.example.com`);
  await page.locator("#contact_phone").focus();
  await page.keyboard.type("(201) 555-0124");
  await tabTo(page, "Next");
  await page.keyboard.press("Enter");

  await expect(page.getByRole("heading", { name: "Login domain & plan" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Login Domain" })).toBeFocused();
  await page.keyboard.type(stamp);
  await expect(page.getByText("✓ Available.")).toBeVisible();
  await tabTo(page, "Next");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Review" })).toBeVisible();
  await tabTo(page, "Create Reseller");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: `Keys ${stamp}` })).toBeVisible();

  // The delete dialog from the keyboard: Escape cancels, Enter on its button deletes.
  await tabTo(page, "Delete");
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: `Delete Keys ${stamp}?` });
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
});

/** Presses Tab until the focused element's accessible name starts with `name` (at most 40 times). */
async function tabTo(page: import("@playwright/test").Page, name: string, exactStart = false) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    const label = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return "";
      const byFor = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent ?? "" : "";
      return (el.getAttribute("aria-label") ?? (byFor || el.textContent || "")).trim();
    });
    if (exactStart ? label.replace(/\s*\*$/, "") === name : label.startsWith(name)) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}
