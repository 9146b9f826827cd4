import { expect, test, type Page } from "@playwright/test";
import { hydrated, signIn } from "./helpers";

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

const rows = (page: Page) => page.locator("table.resellers tbody tr");

async function open(page: Page, path: string) {
  await page.goto(path);
  await hydrated(page);
}

test("the status switch applies at once, persists, and works from the keyboard", async ({ page }) => {
  // A reseller of its own: "Harbor" rows, searched so the test does not disturb others.
  await open(page, "/partners/resellers?q=harbor%20labs");
  const row = rows(page).first();
  const toggle = row.getByRole("switch");
  const before = await toggle.getAttribute("aria-checked");
  const after = before === "true" ? "false" : "true";

  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-checked", after);
  await expect(page.getByRole("status").filter({ hasText: /is now (active|inactive)/ })).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(rows(page).first().getByRole("switch")).toHaveAttribute("aria-checked", after);

  // Keyboard: focus and Space switch it back.
  const again = rows(page).first().getByRole("switch");
  await again.focus();
  await page.keyboard.press("Space");
  await expect(again).toHaveAttribute("aria-checked", before!);
  await page.reload();
  await expect(rows(page).first().getByRole("switch")).toHaveAttribute("aria-checked", before!);
});

test("a refused status change rolls back with a visible message", async ({ page }) => {
  await open(page, "/partners/resellers?q=harbor%20media");
  const toggle = rows(page).first().getByRole("switch");
  const before = await toggle.getAttribute("aria-checked");
  await page.route("**/api/resellers/set_status", (route) =>
    route.fulfill({ status: 500, contentType: "application/json", body: '"Internal"' }),
  );
  await toggle.click();
  await expect(page.getByRole("alert")).toContainText("was not changed");
  await expect(toggle).toHaveAttribute("aria-checked", before!);
});

test("delete asks first, Escape cancels, confirming removes the reseller for good", async ({ page }) => {
  await open(page, "/partners/resellers?q=atlas%20digital");
  await expect(rows(page)).toHaveCount(1);
  const name = (await rows(page).first().locator("th").innerText()).trim();

  await rows(page).first().getByRole("button", { name: `Delete ${name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Delete ${name}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("cannot be undone");
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(rows(page)).toHaveCount(1);

  await rows(page).first().getByRole("button", { name: `Delete ${name}` }).click();
  await dialog.getByRole("button", { name: "Delete reseller" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: `${name} was deleted` })).toBeVisible();
  await expect(page.getByText(/No resellers match/)).toBeVisible();
  await page.reload();
  await expect(page.getByText(/No resellers match/)).toBeVisible();
});
