import { expect, test, type Page } from "@playwright/test";
import { hydrated, signIn } from "./helpers";

// The console on a phone (390 px), and what it asks before it destroys something.
test.use({ viewport: { width: 390, height: 844 } });

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

async function open(page: Page, path: string) {
  await page.goto(path);
  await hydrated(page);
}

/** Asserts that the element lies within the window's width. */
async function inView(page: Page, locator: ReturnType<Page["locator"]>) {
  const box = await locator.boundingBox();
  expect(box, "the element is rendered").not.toBeNull();
  const width = page.viewportSize()!.width;
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(width);
}

test("on a phone each reseller is a card: status switched and the reseller deleted from it; its log stays readable", async ({ page }) => {
  await open(page, "/partners/resellers?q=umber%20digital");
  const card = page.locator("table.resellers tbody tr").first();
  const name = (await card.locator("th").innerText()).trim();
  const href = await card.locator("th a").getAttribute("href");
  const id = href!.split("/").pop();
  const toggle = card.getByRole("switch");
  const remove = card.getByRole("button", { name: `Delete ${name}` });
  for (const part of [card.locator("th a"), card.locator("td:nth-child(2)"), toggle, card.getByRole("link", { name: `Edit ${name}` }), remove]) {
    await inView(page, part);
  }
  // A card, not a row: the e-mail sits below the name, not beside it.
  const nameBox = (await card.locator("th").boundingBox())!;
  const emailBox = (await card.locator("td:nth-child(2)").boundingBox())!;
  expect(emailBox.y).toBeGreaterThanOrEqual(nameBox.y + nameBox.height - 1);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);

  const before = await toggle.getAttribute("aria-checked");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-checked", before === "true" ? "false" : "true");
  await expect(page.getByRole("status").filter({ hasText: /is now (active|inactive)/ })).toBeVisible();

  await remove.click();
  const dialog = page.getByRole("dialog", { name: `Delete ${name}?` });
  await dialog.getByRole("button", { name: "Delete reseller" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${name} was deleted` })).toBeVisible();
  await expect(page.getByText(/No resellers match/)).toBeVisible();

  // Its entries in the log name it as text, not as links to a page that is gone.
  await open(page, `/partners/activity?reseller=${id}`);
  const entries = page.locator("li.entry");
  await expect(entries.first()).toBeVisible();
  await expect(entries.filter({ hasText: "Deleted" })).toHaveCount(1);
  await expect(page.locator("li.entry a.entry-reseller")).toHaveCount(0);
  // A kind with nothing to show says so and offers the whole log.
  await open(page, `/partners/activity?reseller=${id}&kind=login_failed`);
  await expect(page.getByText(/No “.*” entries/)).toBeVisible();
  await page.getByRole("link", { name: "Show all activity" }).click();
  await expect(page).toHaveURL(/\/partners\/activity$/);
  await expect(page.locator("li.entry").first()).toBeVisible();
});

test("no button breaks inside a word, on any page, at 360 px", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 780 });
  for (const path of ["/partners/resellers", "/partners/resellers/1", "/partners/resellers/new", "/partners/plans",
                      "/partners/plans/new", "/partners/activity", "/partners/commissions", "/settings/api-keys", "/settings/team", "/settings/account",
                      "/partners/nothing-here"]) {
    await open(page, path);
    const broken = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>("button, .button")]
        .filter((el) => el.offsetParent !== null && el.innerText.trim() !== "")
        .filter((el) => {
          // Lines of text = rendered height of the text box / line height.
          const range = document.createRange();
          range.selectNodeContents(el);
          const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          return tops.size > 1;
        })
        .map((el) => el.innerText.trim()),
    );
    expect(broken, `buttons on two lines at ${path}`).toEqual([]);
  }
});

test("revoking an API key asks first; Escape and Cancel keep it", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await open(page, "/settings/api-keys");
  const name = `Revoke test ${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByText(`Key “${name}” created.`)).toBeVisible();
  const row = page.locator("tbody tr").filter({ hasText: name });
  await expect(row.getByText("Active")).toBeVisible();

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  const question = row.getByRole("group", { name: `Revoke ${name}?` });
  await expect(question).toBeVisible();
  await expect(question.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(question).toBeHidden();
  await expect(row.getByText("Active")).toBeVisible();

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await question.getByRole("button", { name: "Revoke", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: `Key ${name} revoked` })).toBeVisible();
  await expect(row.getByText("Revoked")).toBeVisible();
  await page.reload();
  await expect(page.locator("tbody tr").filter({ hasText: name }).getByText("Revoked")).toBeVisible();
});
