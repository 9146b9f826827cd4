import { expect, test } from "@playwright/test";
import { consoleErrors, hydrated, nextTotpStep, signIn, signInAs, totp } from "./helpers";

// The demo agency's team (app/src/ssr/demo.rs): one member of each role, one password.
const SUPPORT = { email: "support@northwind.example", name: "Casey Support" };
const VIEWER = { email: "viewer@northwind.example", name: "Drew Viewer" };
const OWNER = { email: "admin@northwind.example" };

test("a support member works on resellers but sees no Create, Delete, Export, API keys or Team", async ({ page }) => {
  await signInAs(page, SUPPORT.email);
  await expect(page.getByText("Support", { exact: true })).toBeVisible();
  await expect(page.getByRole("row")).not.toHaveCount(1);
  await expect(page.getByRole("link", { name: "+ Create Reseller" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Delete / })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "API keys" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Team" })).toHaveCount(0);
  // What support may do is there: switches and Edit.
  await expect(page.getByRole("switch").first()).toBeEnabled();
  await expect(page.getByRole("link", { name: /^Edit / }).first()).toBeVisible();
  // The shortcut for a new reseller does nothing for this role.
  await page.locator("main h1").click();
  await page.keyboard.press("n");
  await expect(page).toHaveURL(/\/partners\/resellers$/);
  // The edit form offers the contact details only.
  await page.getByRole("link", { name: /^Edit / }).first().click();
  await hydrated(page);
  await expect(page.getByRole("radio", { name: /Reseller with Commission|Reseller with Own Plans/ }).first()).toBeDisabled();
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByLabel("Partner Email")).toBeEnabled();
  await expect(page.getByLabel("Partner Name")).toBeDisabled();
  // A page the role may not see says so, from the server.
  await page.goto("/settings/api-keys");
  await expect(page.getByText("Your role in the team does not allow this")).toBeVisible();
});

test("an owner changes a role and switches a member off, whose session ends at the next request", async ({ browser }) => {
  const member = await browser.newPage();
  await signInAs(member, VIEWER.email);
  // A viewer reads only: the switches are off.
  await expect(member.getByRole("switch").first()).toBeDisabled();
  await expect(member.getByRole("link", { name: /^Edit / })).toHaveCount(0);

  const owner = await browser.newPage();
  await signInAs(owner, OWNER.email);
  await owner.getByRole("link", { name: "Team" }).click();
  await expect(owner).toHaveURL(/\/settings\/team$/);
  await hydrated(owner);
  await expect(owner.getByRole("row")).toHaveCount(5);
  await expect(owner.getByRole("row", { name: /Avery Owner/ })).toContainText("You");

  // Role: Casey becomes a viewer, then support again.
  const role = owner.getByRole("combobox", { name: `Role of ${SUPPORT.name}` });
  await role.selectOption("viewer");
  await expect(owner.getByText(`${SUPPORT.name} is now Viewer`)).toBeVisible();
  await expect(owner.getByRole("combobox", { name: `Role of ${SUPPORT.name}` })).toHaveValue("viewer");
  await owner.getByRole("combobox", { name: `Role of ${SUPPORT.name}` }).selectOption("support");
  await expect(owner.getByText(`${SUPPORT.name} is now Support`)).toBeVisible();

  // Switched off: the member's next request finds no session.
  await owner.getByRole("button", { name: `Switch off ${VIEWER.name}` }).click();
  await expect(owner.getByText(`${VIEWER.name} is switched off`)).toBeVisible();
  await expect(owner.getByRole("row", { name: new RegExp(VIEWER.name) })).toContainText("Switched off");
  await member.reload();
  await expect(member).toHaveURL(/\/signin/);

  // On again, and the member signs in.
  await owner.getByRole("button", { name: `Switch on ${VIEWER.name}` }).click();
  await expect(owner.getByText(`${VIEWER.name} is switched on`)).toBeVisible();
  await signInAs(member, VIEWER.email);
  await member.close();
  await owner.close();
});

test("the Team page opened by its address hydrates without errors", async ({ page }) => {
  const errors = consoleErrors(page);
  await signIn(page);
  await page.goto("/settings/team");
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1, name: "Team" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Avery Owner/ })).toContainText("You");
  expect(errors).toEqual([]);
});

test("an owner invites a support member, who joins, turns on two-factor sign-in and signs in with a code; removed, their session ends", async ({ browser }) => {
  test.setTimeout(120_000);
  const email = `jordan-${Date.now()}@example.com`;
  const password = "lantern quiet harbour 42";
  const owner = await browser.newPage();
  await signInAs(owner, OWNER.email);
  await owner.goto("/settings/team");
  await hydrated(owner);
  await owner.getByLabel("E-mail").fill(email);
  await owner.getByLabel("Role", { exact: true }).selectOption("support");
  await owner.getByRole("button", { name: "Invite", exact: true }).click();
  const link = await owner.getByLabel("Invitation link").inputValue();
  expect(link).toMatch(/\/join\/[A-Za-z0-9_-]{43}$/);
  await expect(owner.getByRole("list").filter({ hasText: email })).toContainText("Support");

  // The invitee, in a browser of their own, joins through the link.
  const context = await browser.newContext();
  const member = await context.newPage();
  await member.goto(link);
  await hydrated(member);
  await expect(member.getByRole("heading", { name: "Join Northwind Digital" })).toBeVisible();
  await member.getByLabel("Your name").fill("Jordan Support");
  await member.getByLabel("Password", { exact: true }).fill(password);
  await member.getByLabel("Password again").fill(password);
  await member.getByRole("button", { name: "Join the team" }).click();
  await expect(member).toHaveURL(/\/partners\/resellers$/);
  await hydrated(member);

  // Two-factor sign-in from the account page: the QR code, its secret, a code.
  await member.getByRole("link", { name: "Your account" }).click();
  await expect(member).toHaveURL(/\/settings\/account$/);
  await hydrated(member);
  await member.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await expect(member.getByRole("img", { name: /QR code/ })).toBeVisible();
  const secret = (await member.getByTestId("totp-secret").textContent())!.trim();
  await member.getByLabel("Code", { exact: true }).fill(totp(secret));
  await member.getByRole("button", { name: "Turn on" }).click();
  await expect(member.getByText("Save these recovery codes now")).toBeVisible();
  await expect(member.locator(".recovery-codes li")).toHaveCount(10);
  await member.getByRole("button", { name: "I have saved them" }).click();
  await expect(member.getByText(/Signing in asks for a code from your app/)).toBeVisible();

  // Signing in again asks for the code after the password.
  await member.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(member).toHaveURL(/\/signin/);
  await hydrated(member);
  await member.getByLabel("E-mail").fill(email);
  await member.getByLabel("Password").fill(password);
  await member.getByRole("button", { name: "Sign in" }).click();
  await expect(member).toHaveURL(/\/signin\/code/);
  await hydrated(member);
  await nextTotpStep(member);
  await member.getByLabel("Code", { exact: true }).fill(totp(secret));
  await member.getByRole("button", { name: "Sign in" }).click();
  await expect(member).toHaveURL(/\/partners\/resellers$/);
  await hydrated(member);
  // Support: no Create, Delete or API keys.
  await expect(member.getByRole("row")).not.toHaveCount(1);
  await expect(member.getByRole("link", { name: "+ Create Reseller" })).toHaveCount(0);
  await expect(member.getByRole("button", { name: /^Delete / })).toHaveCount(0);
  await expect(member.getByRole("link", { name: "API keys" })).toHaveCount(0);

  // The owner sees them with two-factor on, and removes them: their next request is signed out.
  await owner.reload();
  await hydrated(owner);
  const row = owner.getByRole("row", { name: /Jordan Support/ });
  await expect(row).toContainText("On");
  await row.getByRole("button", { name: "Remove Jordan Support" }).click();
  await owner.getByRole("group", { name: "Remove Jordan Support?" }).getByRole("button", { name: "Remove" }).click();
  await expect(owner.getByText("Jordan Support was removed")).toBeVisible();
  await member.reload();
  await expect(member).toHaveURL(/\/signin/);
  await context.close();
  await owner.close();
});

test("an admin manages resellers, API keys and the members who are not owners, but not the owners", async ({ page }) => {
  await signInAs(page, "ops@northwind.example");
  await expect(page.getByRole("link", { name: "+ Create Reseller" })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Delete / }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: "API keys" })).toBeVisible();
  await page.getByRole("link", { name: "Team" }).click();
  await expect(page).toHaveURL(/\/settings\/team$/);
  await hydrated(page);
  // The owner's row has no controls; an admin gives every role but owner.
  await expect(page.getByRole("combobox", { name: "Role of Avery Owner" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Remove Avery Owner" })).toHaveCount(0);
  const roles = page.getByRole("combobox", { name: `Role of ${SUPPORT.name}` }).locator("option");
  await expect(roles).toHaveText(["Admin", "Support", "Viewer"]);
  await expect(page.getByLabel("Role", { exact: true }).locator("option")).toHaveText(["Admin", "Support", "Viewer"]);
  // Requiring two-factor sign-in is the owners' decision.
  await expect(page.getByText(/Not required|Required:/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Require it for everyone" })).toHaveCount(0);
});
