# Sourced by ./dev.sh. Installs what Partnerdesk needs to build and test, from the
# package registries only, into a cache that survives checkouts; skips what is there.
#
#   PARTNERDESK_TOOLS       where tools are installed   (default ~/.cache/partnerdesk/tools)
#   PARTNERDESK_WASM_ROUTE  auto | rustup | debian       (default auto)
#
# The wasm32 standard library comes from rustup's wasm32 target when it is installed or
# can be added within a short timeout; otherwise (or with PARTNERDESK_WASM_ROUTE=debian)
# from Debian's rust-web-src, built by Debian's cargo through scripts/wasm-shim/cargo.

CARGO_LEPTOS_VERSION=0.3.11
BINARYEN_VERSION=132.0.0
TWIGGY_VERSION=0.8.0
TOOLS=${PARTNERDESK_TOOLS:-$HOME/.cache/partnerdesk/tools}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "need root to run: $*"
  fi
}

APT_UPDATED=0
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "missing packages ${missing[*]} and no apt-get: install them by hand"
  say "apt-get install ${missing[*]}"
  if [ "$APT_UPDATED" = 0 ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

# Picks the wasm route and puts the shim on PATH when it is Debian's.
choose_wasm_route() {
  local route=${PARTNERDESK_WASM_ROUTE:-auto}
  if [ "$route" = auto ]; then
    if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
      route=rustup
    elif command -v rustup >/dev/null && timeout 120 rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then
      route=rustup
    else
      say "rustup's wasm32 target is not available: using Debian's rust-web-src"
      route=debian
    fi
  fi
  case "$route" in
    rustup) rustup target list --installed | grep -qx wasm32-unknown-unknown \
              || timeout 120 rustup target add wasm32-unknown-unknown \
              || die "rustup could not add wasm32-unknown-unknown (try PARTNERDESK_WASM_ROUTE=debian)" ;;
    debian) apt_install rustc-web cargo-web rust-web-src lld-22
            export PATH="$ROOT/scripts/wasm-shim:$PATH" ;;
    *) die "PARTNERDESK_WASM_ROUTE must be auto, rustup or debian (got $route)" ;;
  esac
  export PARTNERDESK_WASM_ROUTE_USED=$route
}

install_cargo_leptos() {
  if [ "$("$TOOLS/bin/cargo-leptos" --version 2>/dev/null)" = "cargo-leptos $CARGO_LEPTOS_VERSION" ]; then return; fi
  # Its lock file needs rustc >= 1.96: Debian's rustc-web provides it. Built without
  # optimisation (no LTO, many codegen units, no debug info): 7 min on 2 cores instead of
  # 21 with the crate's LTO profile, and a build costs it a few seconds more at most (the
  # wasm work is done by wasm-bindgen and wasm-opt, optimised binaries of their own).
  apt_install rustc-web cargo-web
  say "cargo install cargo-leptos $CARGO_LEPTOS_VERSION (once; ~7 min on 2 cores)"
  RUSTUP_TOOLCHAIN=/usr CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_OPT_LEVEL=0 \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 CARGO_PROFILE_RELEASE_DEBUG=false CARGO_INCREMENTAL=0 \
    /usr/bin/cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked \
    --features no_downloads --root "$TOOLS"
}

install_wasm_bindgen() {
  local version; version=$(wasm_bindgen_version)
  [ -n "$version" ] || die "wasm-bindgen is not in Cargo.lock"
  if [ "$("$TOOLS/bin/wasm-bindgen" --version 2>/dev/null)" = "wasm-bindgen $version" ]; then return; fi
  say "cargo install wasm-bindgen-cli $version (once; ~4 min)"
  # Without --locked: its lock file names a crate version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "=$version" --root "$TOOLS"
}

# twiggy, for `./dev.sh sizes` only (what the wasm's bytes are, by crate).
install_twiggy() {
  if [ "$("$TOOLS/bin/twiggy" --version 2>/dev/null)" = "twiggy-opt $TWIGGY_VERSION" ]; then return; fi
  say "cargo install twiggy $TWIGGY_VERSION (once; ~1 min)"
  cargo install twiggy --version "=$TWIGGY_VERSION" --locked --root "$TOOLS"
}

install_wasm_opt() {
  # npm's binaryen (Debian's 108 breaks wasm-bindgen 0.2.13x output).
  local dir="$TOOLS/binaryen"
  if [ -x "$dir/node_modules/.bin/wasm-opt" ] \
     && grep -q "\"version\": \"$BINARYEN_VERSION\"" "$dir/node_modules/binaryen/package.json" 2>/dev/null; then
    return
  fi
  say "npm install binaryen@$BINARYEN_VERSION"
  mkdir -p "$dir"
  npm install --silent --no-audit --no-fund --prefix "$dir" "binaryen@$BINARYEN_VERSION" >/dev/null
}

install_end2end() {
  apt_install chromium
  local dir="$ROOT/end2end"
  if [ -d "$dir/node_modules/@playwright/test" ] && [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    return
  fi
  say "npm ci (end2end)"
  (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --silent --no-audit --no-fund >/dev/null)
}

# rustfmt and clippy (the test command's first stage); rustup's default profile has them.
install_rust_components() {
  local c
  for c in rustfmt clippy; do
    if ! cargo "${c/rustfmt/fmt}" --version >/dev/null 2>&1; then
      say "rustup component add $c"
      timeout 300 rustup component add "$c" >/dev/null || die "cannot add the $c component (rustup component add $c)"
    fi
  done
}

# Everything, then PATH set for cargo-leptos.
bootstrap() {
  command -v cargo >/dev/null || die "cargo is missing: install Rust with rustup first"
  install_rust_components
  command -v npm >/dev/null || apt_install nodejs npm
  # PostgreSQL: the integration suite and the benchmarks run on it as well as on SQLite.
  apt_install brotli curl postgresql
  mkdir -p "$TOOLS/bin"
  export PATH="$TOOLS/bin:$TOOLS/binaryen/node_modules/.bin:$PATH"
  # One after the other: built side by side on 2 cores they took as long (584 s against
  # 583 s for the whole toolchain stage, measured from a fresh clone).
  install_cargo_leptos
  install_wasm_bindgen
  install_wasm_opt
  install_end2end
  choose_wasm_route
}
