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
  ["Commissions", "/partners/commissions"],
  ["API keys", "/settings/api-keys"],
  ["Team", "/settings/team"],
  ["Account", "/settings/account"],
  ["Not found", "/partners/nothing-here"],
];

// States a page can be in besides its first view: dialogs, questions, errors, empty states.
const consoleStates: [string, (page: Page) => Promise<void>][] = [
  ["the delete dialog", async (page) => {
    await visit(page, "/partners/resellers");
    await page.locator("table.resellers tbody tr").first().getByRole("button", { name: /^Delete / }).click();
    await expect(page.getByRole("dialog")).toBeVisible();
  }],
  ["the keyboard shortcuts dialog", async (page) => {
    await visit(page, "/partners/resellers");
    await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
    await expect(page.getByRole("dialog")).toBeVisible();
  }],
  ["a search with no match", async (page) => {
    await visit(page, "/partners/resellers?q=zzqqxxnothing");
    await expect(page.getByText(/No resellers match/)).toBeVisible();
  }],
  ["a wizard step with errors", async (page) => {
    await visit(page, "/partners/resellers/new");
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page.locator("#name-error")).not.toBeEmpty();
  }],
  ["a plan's delete question", async (page) => {
    await visit(page, "/partners/plans");
    await page.locator("tbody tr").first().getByRole("button", { name: /^Delete / }).click();
    await expect(page.getByRole("group", { name: /^Delete .*\?$/ })).toBeVisible();
  }],
  ["two-factor setup with its QR code", async (page) => {
    await visit(page, "/settings/account");
    await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
    await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
  }],
  ["the invite form with a new link", async (page) => {
    await visit(page, "/settings/team");
    await page.getByLabel("E-mail").fill(`a11y-${Date.now()}@example.com`);
    await page.getByRole("button", { name: "Invite", exact: true }).click();
    await expect(page.getByLabel("Invitation link")).toBeVisible();
  }],
  ["an activity filter with nothing to show", async (page) => {
    await visit(page, "/partners/activity?reseller=999999&kind=login_failed");
    await expect(page.getByRole("link", { name: "Show all activity" })).toBeVisible();
  }],
];

async function visit(page: Page, path: string) {
  await page.goto(path);
  await hydrated(page);
  await page.waitForLoadState("networkidle");
}

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

    test("sign-in code step and an ended invitation link", async ({ page }) => {
      for (const path of ["/signin/code", "/join/no-such-invitation"]) {
        await page.goto(path);
        await hydrated(page);
        expect(await problems(page)).toEqual([]);
      }
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

    for (const [name, reach] of consoleStates) {
      test(`state: ${name}`, async ({ page }) => {
        await signIn(page);
        await reach(page);
        expect(await problems(page)).toEqual([]);
      });
    }

    test("reseller portal, signed out and signed in", async ({ page, baseURL }) => {
      const portal = baseURL!.replace("127.0.0.1", "crescentmedia.localhost");
      await page.goto(portal + "/");
      expect(await problems(page)).toEqual([]);

      // Its home, signed in (the reseller switched on first: other tests may switch it off).
      await signIn(page);
      const origin = new URL(baseURL!).origin;
      const list = await (await page.request.post("/api/resellers/list", { form: { q: "crescent media", page: "1" }, headers: { origin } })).json();
      const id = String(list.rows[0][0]); // rows are arrays, the id first
      await page.request.post("/api/resellers/set_status", { form: { id, active: "true" }, headers: { origin } });
      const details = await (await page.request.post("/api/resellers/get", { form: { id }, headers: { origin } })).json();
      await page.goto(portal + "/");
      await page.getByLabel("E-mail").fill(details.email);
      await page.getByLabel("Password").fill("demo-reseller-pass");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("heading", { name: "Your plan" })).toBeVisible();
      expect(await problems(page)).toEqual([]);
      // Its customers, and the form with errors.
      for (const path of ["/customers", "/plans", "/plans/new", "/activity", "/customers/new"]) {
        await page.goto(portal + path);
        expect(await problems(page)).toEqual([]);
      }
      await page.getByRole("button", { name: "Save" }).click();
      await expect(page.locator("#name-error")).not.toBeEmpty();
      expect(await problems(page)).toEqual([]);

      // A commission reseller's Earnings.
      const northstar = await (await page.request.post("/api/resellers/list", { form: { q: "northstar media", page: "1" }, headers: { origin } })).json();
      const nid = String(northstar.rows[0][0]);
      await page.request.post("/api/resellers/set_status", { form: { id: nid, active: "true" }, headers: { origin } });
      const nd = await (await page.request.post("/api/resellers/get", { form: { id: nid }, headers: { origin } })).json();
      const earnings = baseURL!.replace("127.0.0.1", "northstarmedia.localhost");
      await page.goto(earnings + "/");
      await page.getByLabel("E-mail").fill(nd.email);
      await page.getByLabel("Password").fill("demo-reseller-pass");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.goto(earnings + "/earnings");
      await expect(page.getByRole("heading", { level: 1, name: "Earnings" })).toBeVisible();
      expect(await problems(page)).toEqual([]);
    });
  });
}
