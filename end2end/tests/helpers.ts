import { expect, type Page } from "@playwright/test";

// The demo agency's admin (see README and app/src/ssr/demo.rs).
export const ADMIN_EMAIL = "admin@northwind.example";
export const ADMIN_PASSWORD = "northwind-demo";

/** Signs the page's browser context in through the server function (cookies are shared). */
export async function signIn(page: Page) {
  const base = new URL(page.context()["_options"]?.baseURL ?? "http://127.0.0.1:3100");
  const res = await page.request.post("/api/auth/sign_in", {
    form: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD, next: "/partners/resellers" },
    headers: { origin: base.origin },
  });
  expect(res.status()).toBe(200);
}

/** Signs in through the sign-in form as `email` (the demo password) and waits for the console. */
export async function signInAs(page: Page, email: string) {
  await page.goto("/signin");
  await hydrated(page);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/partners\/resellers$/);
  await hydrated(page);
}

/** Waits until the wasm client has hydrated the page. */
export async function hydrated(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
}

/** Collects console errors (CSP violations, hydration panics, failed loads). */
export function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(String(err)));
  return errors;
}
