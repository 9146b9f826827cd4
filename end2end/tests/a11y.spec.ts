import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { hydrated, signIn } from "./helpers";

// Every page, in both colour schemes: no serious or critical WCAG 2.1 A/AA violations.
const consolePages: [string, string][] = [
  ["Resellers", "/partners/resellers"],
  ["Create Reseller", "/partners/resellers/new"],
  ["Reseller details", "/partners/resellers/1"],
  ["Edit reseller", "/partners/resellers/1/edit"],
  ["Plans", "/partners/plans"],
  ["Create plan", "/partners/plans/new"],
  ["Activity", "/partners/activity"],
  ["API keys", "/settings/api-keys"],
  ["Not found", "/partners/nothing-here"],
];

async function problems(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
}

for (const scheme of ["light", "dark"] as const) {
  test.describe(`${scheme} scheme`, () => {
    test.use({ colorScheme: scheme });

    test("sign-in page", async ({ page }) => {
      await page.goto("/signin");
      await hydrated(page);
      expect(await problems(page)).toEqual([]);
    });

    for (const [name, path] of consolePages) {
      test(name, async ({ page }) => {
        await signIn(page);
        await page.goto(path);
        await hydrated(page);
        await page.waitForLoadState("networkidle");
        expect(await problems(page)).toEqual([]);
      });
    }

    test("reseller portal", async ({ page, baseURL }) => {
      const portal = baseURL!.replace("127.0.0.1", "crescentmedia.localhost");
      await page.goto(portal + "/");
      expect(await problems(page)).toEqual([]);
    });
  });
}
