import { expect, test } from "@playwright/test";
import { consoleErrors, hydrated, signIn, signInAs } from "./helpers";

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
