import { createHmac } from "node:crypto";
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

/** RFC 4648 base32 (the TOTP secret's form) to bytes. */
function base32Bytes(text: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of text.replace(/=+$/, "").toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The 6-digit code an authenticator app shows for `secret` at `atMs` (RFC 6238: SHA-1, 30 s). */
export function totp(secret: string, atMs = Date.now()): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(atMs / 30_000)));
  const h: Buffer = createHmac("sha1", base32Bytes(secret)).update(counter).digest();
  const o = h[h.length - 1] & 0xf;
  const n = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(n % 1_000_000).padStart(6, "0");
}

/** Waits for the next 30-second TOTP step (a code is accepted once). */
export async function nextTotpStep(page: Page) {
  await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 1_000);
}
