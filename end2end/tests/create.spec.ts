import { expect, test, type Page } from "@playwright/test";
import { hydrated, signIn } from "./helpers";

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

/** A login domain no other test uses: letters only. */
function uniqueDomain(): string {
  return "e" + Date.now().toString(36).replace(/[0-9]/g, (d) => "abcdefghij"[Number(d)]);
}

async function pickCountry(page: Page, label: string, country: string) {
  const input = page.getByLabel(`${label}: country code`);
  await input.click();
  await input.fill(country);
  await input.blur();
}

test("an admin creates a commission reseller through the wizard", async ({ page }) => {
  const domain = uniqueDomain();
  await page.goto("/partners/resellers");
  await hydrated(page);
  await page.getByRole("link", { name: "+ Create Reseller" }).click();
  await expect(page).toHaveURL(/\/partners\/resellers\/new$/);
  await expect(page.getByRole("heading", { name: "Partner type" })).toBeVisible();
  await page.getByLabel("Reseller with Commission").check();
  await page.getByRole("button", { name: "Next" }).click();

  // Next is refused while the step is invalid, with the errors on the fields.
  await expect(page.getByRole("heading", { name: "Partner details" })).toBeVisible();
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("heading", { name: "Partner details" })).toBeVisible();
  await expect(page.locator("#name-error")).toHaveText("Enter a name");
  await expect(page.getByLabel("Partner Name")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Partner Name").fill(`Wizard ${domain}`);
  await page.getByLabel("Partner Email").fill(`Hello@${domain}.example.com`);
  await pickCountry(page, "Partner Phone", "GB");
  await expect(page.getByLabel("Partner Phone: country code")).toHaveValue("🇬🇧 United Kingdom +44");
  await page.locator("#phone").fill("020 7946 0018");
  // The website is read by the browser's own URL parser, with the server's rules.
  for (const [website, error] of [
    ["https://user:pw@acme.com", "A web address cannot contain a user name or password"],
    ["ftp://acme.com", "Use an http:// or https:// address"],
    ["https://localhost", "Enter a web address like https://example.com"],
    ["https://exa mple.com", "Enter a web address like https://example.com"],
  ]) {
    await page.getByLabel("Partner Website").fill(website);
    await page.locator("#password").focus();
    await expect(page.locator("#website-error")).toHaveText(error);
  }
  await page.getByLabel("Partner Website").fill(`${domain}.example.com`);
  await page.locator("#password").focus();
  await expect(page.getByLabel("Partner Website")).not.toHaveAttribute("aria-invalid", "true");
  // A field is checked when it is left.
  await page.locator("#password").fill("short");
  await page.getByLabel("Confirm Password").focus();
  await expect(page.locator("#password-error")).toHaveText("Use at least 10 characters");
  await expect(page.getByText(/Strength: (Very weak|Weak)/)).toBeVisible();
  await page.locator("#password").fill("violet-otter-canyon-42");
  await expect(page.getByText(/Strength: (Strong|Very strong)/)).toBeVisible();
  await page.getByLabel("Confirm Password").fill("violet-otter-canyon-42");
  await page.getByRole("button", { name: "Next" }).click();

  await expect(page.getByRole("heading", { name: "Contact person" })).toBeVisible();
  await page.getByLabel("Contact Person Name").fill("Ana Adams");
  await page.getByLabel("Contact Person Email").fill(`ana@${domain}.example.com`);
  await page.locator("#contact_phone").fill("(201) 555-0123");
  await page.getByRole("button", { name: "Next" }).click();

  await expect(page.getByRole("heading", { name: "Login domain & plan" })).toBeVisible();
  await page.getByRole("textbox", { name: "Login Domain" }).fill("Bad Name");
  await expect(page.getByText("Use lowercase letters only")).toBeVisible();
  await page.getByRole("textbox", { name: "Login Domain" }).fill(domain);
  await expect(page.getByText(`✓ Available. The partner will log in at`)).toBeVisible();
  await expect(page.locator(".domain-check code")).toHaveText(`http://${domain}.localhost:3000`);
  await page.locator("#plan_id").selectOption({ label: "Growth — $79.00 per month" });
  await page.getByLabel("Commission Rate (%)").fill("12.5");
  await page.getByRole("button", { name: "Next" }).click();

  await expect(page.getByRole("heading", { name: "Review" })).toBeVisible();
  await expect(page.locator(".review")).toContainText(`Wizard ${domain}`);
  await expect(page.locator(".review")).toContainText("Growth");
  await page.getByRole("button", { name: "Create Reseller" }).click();

  await expect(page).toHaveURL(/\/partners\/resellers\/\d+$/);
  await expect(page.getByRole("heading", { level: 1, name: `Wizard ${domain}` })).toBeVisible();
  await expect(page.getByText(`hello@${domain}.example.com`)).toBeVisible();
  // Stored as E.164, shown in international format.
  await expect(page.getByText("+44 20 7946 0018")).toBeVisible();
  await expect(page.getByText("12.5 %")).toBeVisible();
  // The plan's limits in the Plan panel; a new reseller's chart says there is no usage yet.
  await expect(page.locator(".facts .limit-lines")).not.toBeEmpty();
  await expect(page.getByText("No usage yet")).toBeVisible();
});

test("the country field takes the names, codes and calling codes people type", async ({ page }) => {
  await page.goto("/partners/resellers/new");
  await hydrated(page);
  await page.getByLabel("Reseller with Own Plans").check();
  await page.getByRole("button", { name: "Next" }).click();
  const country = page.getByLabel("Partner Phone: country code");
  for (const typed of ["uk", "United Kingdom", "united kingdom of great britain and northern ireland", "44", "+44", "GB"]) {
    await pickCountry(page, "Partner Phone", typed);
    await expect(country, typed).toHaveValue("🇬🇧 United Kingdom +44");
    // The calling code stays in sight beside the number.
    await expect(page.locator("#phone").locator("xpath=preceding-sibling::span[1]")).toHaveText("+44");
  }
  await pickCountry(page, "Partner Phone", "United States");
  await expect(country).toHaveValue("🇺🇸 United States +1");
  // The list offers the official name and the code beside each everyday name.
  await expect(page.locator("#phone-countries option[value='🇬🇧 United Kingdom +44']"))
    .toHaveAttribute("label", /^GB · .*United Kingdom of Great Britain and Northern Ireland/);
  // Something that is no country is refused on the field.
  await pickCountry(page, "Partner Phone", "Atlantis");
  await page.locator("#phone").fill("020 7946 0018");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.locator("#phone-error")).toHaveText("Select the country code");
});

test("a server refusal lands on its field and keeps everything typed", async ({ page }) => {
  // An e-mail that a demo reseller already signs in with.
  await page.goto("/partners/resellers?q=blue%20peak%20media");
  await hydrated(page);
  const takenEmail = (await page.locator("table.resellers tbody tr td:nth-child(2)").first().innerText()).trim();
  await page.goto("/partners/resellers/new");
  await hydrated(page);
  await page.getByLabel("Reseller with Own Plans").check();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Partner Name").fill("Copycat Media");
  await page.getByLabel("Partner Email").fill(takenEmail);
  await page.locator("#phone").fill("123 4567"); // the right shape, no US number: only the server knows
  await page.locator("#password").fill("violet-otter-canyon-42");
  await page.getByLabel("Confirm Password").fill("violet-otter-canyon-42");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Contact Person Name").fill("Cat Copy");
  await page.getByLabel("Contact Person Email").fill("cat@copycat.example.com");
  await page.locator("#contact_phone").fill("(201) 555-0124");
  await page.getByRole("button", { name: "Next" }).click();
  const domain = uniqueDomain();
  await page.getByRole("textbox", { name: "Login Domain" }).fill(domain);
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Create Reseller" }).click();

  // Back on the details step, both refusals at once, each on its field; the rest is still there.
  await expect(page.getByRole("heading", { name: "Partner details" })).toBeVisible();
  await expect(page.locator("#email-error")).toHaveText("Another of your resellers already uses this e-mail");
  await expect(page.locator("#phone-error")).toHaveText("Enter a valid phone number for US");
  await expect(page.getByLabel("Partner Name")).toHaveValue("Copycat Media");
  await page.getByLabel("Partner Email").fill(`hello@${domain}.example.com`);
  await expect(page.locator("#email-error")).toHaveText("");
  await page.locator("#phone").fill("(201) 555-0123");
  await expect(page.locator("#phone-error")).toHaveText("");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByLabel("Contact Person Name")).toHaveValue("Cat Copy");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("textbox", { name: "Login Domain" })).toHaveValue(domain);
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Create Reseller" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Copycat Media" })).toBeVisible();
});

test("an admin edits a reseller: details, type and plan settings", async ({ page }) => {
  await page.goto("/partners/resellers?q=cobalt%20labs");
  await hydrated(page);
  await page.getByRole("link", { name: "Edit Cobalt Labs" }).click();
  await expect(page).toHaveURL(/\/partners\/resellers\/\d+\/edit$/);
  await expect(page.getByRole("heading", { level: 1, name: "Edit Cobalt Labs" })).toBeVisible();

  // Change the type to commission (plan settings become required).
  await page.getByLabel("Reseller with Commission").check();
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByLabel("Partner Name")).toHaveValue("Cobalt Labs");
  await page.getByLabel("Partner Name").fill("Cobalt Labs Renamed");
  await expect(page.locator("#password")).toHaveValue("");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Next" }).click();
  await page.locator("#plan_id").selectOption({ label: "Scale — $550.00 per quarter" });
  await page.getByLabel("Commission Rate (%)").fill("20");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Save changes" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Cobalt Labs Renamed" })).toBeVisible();
  await expect(page.getByText("Reseller with Commission").first()).toBeVisible();
  await expect(page.getByText("20 %")).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: /^\$550\.00 per quarter$/ })).toBeVisible();
});
