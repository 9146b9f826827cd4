// Renders the app icons (PNG) from public/favicon.svg's design with Chromium:
//   node scripts/icons.mjs        (run from the repository root; needs end2end/node_modules)
// The PNGs are committed; run this again only when the design changes.
import { createRequire } from "node:module";
const require = createRequire(new URL("../end2end/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const mark = (size, inset) => `<!doctype html><html><body style="margin:0">
<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 64 64">
  <rect width="64" height="64" ${inset ? "" : 'rx="14"'} fill="#4338ca"/>
  <text x="32" y="${inset ? 41 : 44}" font-family="DejaVu Sans,system-ui,Arial,sans-serif" font-size="${inset ? 26 : 36}"
        font-weight="700" text-anchor="middle" fill="#fff">P</text>
</svg></body></html>`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage();
for (const [file, size, maskable] of [["icon-192.png", 192, false], ["icon-512.png", 512, false], ["maskable-512.png", 512, true]]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(mark(size, maskable));
  await page.screenshot({ path: `public/icons/${file}`, omitBackground: true });
}
await browser.close();
console.log("icons written to public/icons/");
