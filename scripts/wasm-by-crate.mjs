// What the client's wasm is made of, by crate: reads `twiggy top --format csv` of the wasm
// as rustc left it (with its names section) on stdin and prints each crate's share of the
// code and data. The shipped file is smaller (wasm-opt, no names); the shares carry over.
//   twiggy top -n 1000000 --format csv frontend.wasm | node scripts/wasm-by-crate.mjs [rows]

const top = Number(process.argv[2] ?? 15);

/** One CSV line's fields ("" inside quotes is a quote). */
function fields(line) {
  const out = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") out.push(field), (field = "");
    else field += c;
  }
  out.push(field);
  return out;
}

function crateOf(name) {
  if (name.startsWith("data segment") || name.startsWith("data[")) return "(data)";
  if (/^<(str|char|[iuf](8|16|32|64|128|size))>/.test(name)) return "core";
  // v0-mangled names (Debian's rustc) carry the crate's hash: `tachys[1a2b3c]::html::…`.
  const path = /([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::/.exec(name);
  return path ? path[1] : "(other)";
}

let input = "";
for await (const chunk of process.stdin) input += chunk;
const sizes = new Map();
for (const line of input.split("\n").slice(1)) {
  if (!line) continue;
  const [name, shallow] = fields(line);
  // Names, custom sections and wasm-bindgen's descriptors are not shipped.
  if (name.includes("subsection") || name.includes("__wbindgen_describe")) continue;
  if (name.startsWith("custom section") || name.startsWith("...")) continue;
  const crate = crateOf(name);
  sizes.set(crate, (sizes.get(crate) ?? 0) + Number(shallow));
}
const total = [...sizes.values()].reduce((a, b) => a + b, 0);
const rows = [...sizes.entries()].sort((a, b) => b[1] - a[1]);
const line = (label, bytes) =>
  console.log(`${label.padEnd(42)} ${String(bytes).padStart(10)} ${((100 * bytes) / total).toFixed(1).padStart(6)}%`);
console.log(`${"crate (code and data, before wasm-opt)".padEnd(42)} ${"bytes".padStart(10)} ${"share".padStart(7)}`);
for (const [crate, bytes] of rows.slice(0, top)) line(crate, bytes);
line("(the rest)", rows.slice(top).reduce((a, [, b]) => a + b, 0));
