import { expect, test, type Page } from "@playwright/test";
import { consoleErrors, hydrated, signIn } from "./helpers";

// The server runs on a fresh database filled with demo data (see ../dev.sh): names
// "<Stem> <Kind>" such as "Blue Peak Media". Other specs may delete a reseller, so the
// total is read from the page.

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

async function openResellers(page: Page, path = "/partners/resellers") {
  await page.goto(path);
  await hydrated(page);
}

const rows = (page: Page) => page.locator("table.resellers tbody tr");

/** The "of N" of "Showing 1–25 of N". */
async function total(page: Page): Promise<string> {
  const text = await page.getByText(/^Showing \d+–\d+ of /).innerText();
  return text.match(/of ([\d,]+)/)![1];
}

test("the Resellers view shows the overview cards and the table", async ({ page }) => {
  const errors = consoleErrors(page);
  await openResellers(page, "/");
  await expect(page).toHaveURL(/\/partners\/resellers$/);
  await expect(page.getByRole("heading", { level: 1, name: "Resellers" })).toBeVisible();
  for (const label of ["Resellers", "Messages Consumed", "WhatsApp Messages Consumed", "Team Members Consumed"]) {
    await expect(page.getByRole("heading", { level: 2, name: label, exact: false }).first()).toBeVisible();
  }
  // Every column on a wide screen; up to 1360 px the type is left out (it is on the details
  // page and in the filter), and below 1200 px each reseller is a card (phone.spec.ts).
  await page.setViewportSize({ width: 1440, height: 900 });
  for (const column of ["Reseller Name", "Email", "Type", "Plan", "Joined On", "Status", "Actions"]) {
    await expect(page.getByRole("columnheader", { name: column })).toBeVisible();
  }
  // The table fits its panel at every table width: long e-mails end in an ellipsis instead
  // of pushing the actions out (at 1361 px they were 113 px off with longer addresses).
  for (const width of [1920, 1440, 1361, 1280, 1201, 1150]) {
    await page.setViewportSize({ width, height: 900 });
    const overflow = await page.locator(".table-wrap").evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow, `table overflow at ${width} px`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize({ width: 1280, height: 720 });
  await expect(page.getByRole("columnheader", { name: "Type" })).toBeHidden();
  await expect(page.getByRole("columnheader", { name: "Status" })).toBeInViewport();
  await expect(page.getByRole("columnheader", { name: "Actions" })).toBeInViewport();
  await expect(rows(page)).toHaveCount(25);
  expect(Number((await total(page)).replace(/,/g, ""))).toBeGreaterThan(100);
  // Every row has a status switch and the two actions.
  await expect(page.getByRole("switch")).toHaveCount(25);
  await expect(page.getByRole("link", { name: /^Edit / })).toHaveCount(25);
  await expect(page.getByRole("button", { name: /^Delete / })).toHaveCount(25);
  // No CSP violation, hydration error or failed load on the way.
  expect(errors).toEqual([]);
});

test("typing a search narrows the table and keeps it in the URL", async ({ page }) => {
  await openResellers(page);
  const search = page.getByRole("searchbox", { name: /Search resellers/ });
  await search.pressSequentially("blue peak", { delay: 30 });
  await expect(page).toHaveURL(/\?q=blue\+peak$/);
  await expect(rows(page)).not.toHaveCount(25);
  const names = await rows(page).locator("th").allInnerTexts();
  expect(names.length).toBeGreaterThan(0);
  for (const name of names) expect(name).toContain("Blue Peak");

  // Reload and a shared link keep the search.
  await page.reload();
  await hydrated(page);
  await expect(search).toHaveValue("blue peak");
  await expect(rows(page)).toHaveCount(names.length);

  // Search by e-mail, case-insensitively.
  await search.fill("");
  await search.pressSequentially("@BLUEPEAKMEDIA.COM", { delay: 20 });
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText("Blue Peak Media");

  // Back returns to the earlier search.
  await page.goBack();
  await expect(page).toHaveURL(/\?q=blue\+peak$/);
  await expect(rows(page)).toHaveCount(names.length);
});

test("a search that matches nothing says so and can be cleared", async ({ page }) => {
  await openResellers(page);
  await page.getByRole("searchbox", { name: /Search resellers/ }).fill("no such reseller");
  await expect(page.getByText("No resellers match “no such reseller”")).toBeVisible();
  await expect(rows(page)).toHaveCount(0);
  await page.getByRole("link", { name: "Clear search" }).click();
  await expect(page).toHaveURL(/\/partners\/resellers$/);
  await expect(rows(page)).toHaveCount(25);
});

test("pagination moves forward and back with the page in the URL", async ({ page }) => {
  await openResellers(page);
  const all = await total(page);
  const firstPage = await rows(page).locator("th").allInnerTexts();
  await page.getByRole("link", { name: "Next →" }).click();
  // The page starts after the last row shown (keyset): "after=<joined>.<id>".
  await expect(page).toHaveURL(/\?page=2&after=\d+\.\d+$/);
  await expect(page.getByText(`Showing 26–50 of ${all}`)).toBeVisible();
  const secondPage = await rows(page).locator("th").allInnerTexts();
  expect(secondPage).not.toEqual(firstPage);

  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(/\?page=3&after=\d+\.\d+$/);
  await expect(page.getByText(`Showing 51–75 of ${all}`)).toBeVisible();
  await page.getByRole("link", { name: "← Previous" }).click();
  await expect(page).toHaveURL(/\?page=2&before=\d+\.\d+$/);
  await expect(page.getByText(`Showing 26–50 of ${all}`)).toBeVisible();
  expect(await rows(page).locator("th").allInnerTexts()).toEqual(secondPage);

  await page.getByRole("link", { name: "← Previous" }).click();
  await expect(page).toHaveURL(/\/partners\/resellers$/);
  await expect(page.getByText(`Showing 1–25 of ${all}`)).toBeVisible();
  expect(await rows(page).locator("th").allInnerTexts()).toEqual(firstPage);
});

test("a reseller's name opens its details", async ({ page }) => {
  await openResellers(page);
  const link = rows(page).first().locator("th").getByRole("link");
  const name = (await link.innerText()).trim();
  await link.click();
  await expect(page).toHaveURL(/\/partners\/resellers\/\d+$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByText("Login Domain")).toBeVisible();
  await expect(page.getByText(/localhost/)).toBeVisible();
});

test("an unknown reseller is a not-found page with status 404", async ({ page }) => {
  const response = await page.goto("/partners/resellers/99999999");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});

test("the plan info icon shows price, cycle and limits", async ({ page }) => {
  await openResellers(page);
  const info = page.getByRole("button", { name: /^Plan details:/ }).first();
  await info.focus();
  const tip = page.locator(`#${await info.getAttribute("aria-describedby")}`);
  await expect(tip).toBeVisible();
  await expect(tip).toContainText(/per (month|quarter|year)/);
  await expect(tip).toContainText("messages / month");
});

test("filters and sorting narrow and order the table, kept in the URL", async ({ page }) => {
  await openResellers(page);
  await page.getByRole("combobox", { name: "Status", exact: true }).selectOption("inactive");
  await expect(page).toHaveURL(/status=inactive/);
  await expect(rows(page).first()).toBeVisible();
  for (const label of await rows(page).locator(".status > span").allInnerTexts()) expect(label).toBe("Inactive");

  await page.getByRole("combobox", { name: "Type", exact: true }).selectOption("own_plans");
  await expect(page).toHaveURL(/status=inactive&type=own_plans/);
  for (const t of await rows(page).locator(".badge").allInnerTexts()) expect(t).toBe("Reseller with Own Plans");

  await page.getByRole("link", { name: "Reseller Name" }).click();
  await expect(page).toHaveURL(/sort=name&dir=asc/);
  await expect(page.getByRole("columnheader", { name: /Reseller Name/ })).toHaveAttribute("aria-sort", "ascending");
  const names = await rows(page).locator("th").allInnerTexts();
  expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" })));

  await page.reload();
  await hydrated(page);
  await expect(page.getByRole("combobox", { name: "Status", exact: true })).toHaveValue("inactive");
  await expect(page.getByRole("combobox", { name: "Type", exact: true })).toHaveValue("own_plans");
  expect(await rows(page).locator("th").allInnerTexts()).toEqual(names);
});

for (const [locale, pattern] of [
  ["en-US", /^[A-Z][a-z]{2} \d{1,2}, \d{4}$/],
  ["en-GB", /^\d{1,2} [A-Z][a-z]{2} \d{4}$/],
  ["ja-JP", /^\d{4}-\d{2}-\d{2}$/],
] as const) {
  test.describe(`dates for ${locale}`, () => {
    test.use({ locale });
    test(`dates are written the reader's way (${locale}), before and after hydration`, async ({ page }) => {
      const errors = consoleErrors(page);
      await signIn(page);
      await page.goto("/partners/resellers");
      await hydrated(page);
      const joined = page.locator("table.resellers tbody tr").first().locator("time");
      await expect(joined).toHaveText(pattern);
      expect(errors).toEqual([]);
    });
  });
}

test("icons are drawn by the stylesheet, also when the client renders the page", async ({ page }) => {
  await openResellers(page, "/partners/plans");
  await page.getByRole("link", { name: "Resellers", exact: true }).first().click();
  await expect(page).toHaveURL(/\/partners\/resellers$/);
  await expect(rows(page)).toHaveCount(25);
  // The rows were rendered by the wasm client: each row's Edit and Delete buttons draw
  // their icon in ::before, an 18 px box painted in the text colour through its own
  // drawing (an icon class without a drawing has no mask).
  const icons = await page.locator("table.resellers td:nth-child(8) > *").evaluateAll((els) =>
    els.map((el) => {
      const style = getComputedStyle(el, "::before");
      const mask = style.maskImage || style.webkitMaskImage;
      return { mask: mask.startsWith('url("data:image/svg+xml'), width: parseFloat(style.width) };
    }));
  expect(icons.length).toBe(50);
  expect(icons.every((i) => i.mask && i.width === 18)).toBe(true);
  const drawings = await page.locator("table.resellers tbody tr").first().locator("td:nth-child(8) > *").evaluateAll((els) =>
    els.map((el) => getComputedStyle(el, "::before").maskImage));
  expect(new Set(drawings).size).toBe(2);
});

test("a row's plan details open beside its info button, on focus and on hover", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openResellers(page);
  // Each plan's tooltip is in the page once; every row's button names its plan's.
  const buttons = page.locator("table.resellers tbody").getByRole("button", { name: /^Plan details: / });
  const count = await buttons.count();
  expect(count).toBeGreaterThan(1);
  const tips = page.locator(".plan-tips [role=tooltip]");
  expect(await tips.count()).toBeLessThan(count);
  for (const index of [0, count - 1]) {
    const info = buttons.nth(index);
    const plan = (await info.getAttribute("aria-label"))!.replace("Plan details: ", "");
    const tip = page.locator(`#${await info.getAttribute("aria-describedby")}`);
    await info.focus();
    await expect(tip).toBeVisible();
    await expect(tip.locator("strong")).toHaveText(plan);
    await expect(tip).toContainText(" / month");
    // Beside the button: just below it, starting at its left edge.
    const at = (await info.boundingBox())!;
    const box = (await tip.boundingBox())!;
    expect(Math.abs(box.x - at.x)).toBeLessThan(2);
    expect(Math.abs(box.y - (at.y + at.height + 6)) < 2 || box.y + box.height <= at.y).toBe(true);
    await expect(page.locator(".plan-tips [role=tooltip]:visible")).toHaveCount(1);
    await page.keyboard.press("Tab");
    await expect(tip).toBeHidden();
  }
  await buttons.first().hover();
  await expect(page.locator(`#${await buttons.first().getAttribute("aria-describedby")}`)).toBeVisible();
});
