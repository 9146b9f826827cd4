import { expect, test } from "@playwright/test";
import { hydrated, signIn } from "./helpers";

// At 360 px wide nothing makes the page scroll sideways, and the tables of cards fit.
test.use({ viewport: { width: 360, height: 780 } });

for (const path of ["/partners/resellers", "/partners/resellers/1", "/partners/resellers/new", "/partners/plans",
                    "/partners/plans/new", "/partners/activity", "/partners/commissions", "/settings/api-keys", "/settings/team", "/settings/account"]) {
  test(`${path} fits a 360 px screen`, async ({ page }) => {
    await signIn(page);
    await page.goto(path);
    await hydrated(page);
    await page.waitForLoadState("networkidle");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    // Nor inside: the resellers, plans and API keys tables become cards (other tables scroll in their
    // box with the first column pinned).
    const inside = await page.evaluate(() =>
      [...document.querySelectorAll("table.resellers, table.plans, table.keys")].map((e) => e.parentElement!.scrollWidth - e.parentElement!.clientWidth));
    for (const o of inside) expect(o).toBe(0);
  });
}
