#!/usr/bin/env bash
# Partnerdesk's one entry point. On a fresh machine it installs what it needs first
# (scripts/toolchain.sh); on a machine that has everything that takes seconds.
#
#   ./dev.sh run        build and serve http://127.0.0.1:3000 (SQLite in ./data, demo data on first start)
#   ./dev.sh test       every test: the checks, unit + integration on SQLite and PostgreSQL (cargo test), browser (Playwright + Chromium)
#   ./dev.sh browser    the browser tests alone (debug builds; Playwright args follow, e.g. tests/pwa.spec.ts)
#   ./dev.sh check      formatting (rustfmt) and lints (clippy, warnings denied) for the server's and the browser's code
#   ./dev.sh sizes      transferred sizes of the page's JS, WASM and CSS (raw / gzip / brotli)
#   ./dev.sh bench      benchmarks, SQLite and PostgreSQL, 100k and 1M resellers (release, loopback): bench/RESULTS.md
#   ./dev.sh bootstrap  install the toolchain only
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
# shellcheck source=scripts/toolchain.sh
source scripts/toolchain.sh
# shellcheck source=scripts/postgres.sh
source scripts/postgres.sh
# shellcheck source=bench/run.sh
source bench/run.sh

SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null
  pg_stop
}
trap cleanup EXIT

# Runs a step and reports how long it took.
stage() {
  local name=$1; shift
  local t0=$SECONDS
  say "$name"
  "$@"
  say "$name: done in $((SECONDS - t0)) s"
}

# A digest of the files a build is made from (the paths given) and of the wasm route.
# Equal digests, equal build.
inputs_digest() {
  {
    find "$@" -type f -print0 | sort -z | xargs -0 sha256sum
    echo "route=${PARTNERDESK_WASM_ROUTE_USED:-}"
  } | sha256sum | cut -d' ' -f1
}

# Runs a build (the command after `--`) unless its stamp file holds the digest of the
# inputs named before `--`, and the outputs named by the stamp's directory exist.
# cargo-leptos would otherwise regenerate the wasm each time (wasm-bindgen, and wasm-opt
# for a release: a minute) even when nothing changed.
build_once() {
  local stamp=$1; shift
  local inputs=()
  while [ "$1" != -- ]; do inputs+=("$1"); shift; done; shift
  local digest; digest=$(inputs_digest "${inputs[@]}")
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$digest" ] && ls "$(dirname "$stamp")"/pkg/*.wasm >/dev/null 2>&1; then
    say "no input changed since the last build (${stamp})"
    return 0
  fi
  rm -f "$stamp"
  "$@"
  echo "$digest" > "$stamp"
}

# Compresses every file of a site's pkg directory once, beside it (x.br, x.gz), so the
# server sends the smallest form the browser accepts without compressing it per request.
precompress() {
  local dir=$1 brotli_level=$2 gzip_level=$3 f
  for f in "$dir"/pkg/*; do
    case "$f" in *.br|*.gz) continue ;; esac
    brotli -f -q "$brotli_level" -o "$f.br" "$f"
    gzip -f "-$gzip_level" -k "$f"
    # Both tools copy the source's time, rounded: the server would take them as stale.
    touch "$f.br" "$f.gz"
  done
}

# The release build (server + wasm client) that `./dev.sh run`, `sizes` and `bench` serve,
# in target/site, its static files compressed at the highest levels.
build_release() {
  [ -x target/release/partnerdesk ] || rm -f target/site/.release-inputs
  build_once target/site/.release-inputs \
    Cargo.toml Cargo.lock .cargo app frontend server/src server/Cargo.toml style public -- \
    release_site
}
# `--split`: every page but sign-in and the Resellers list is a wasm file of its own, loaded
# when first visited (app/src/pages/mod.rs). LEPTOS_HASH_FILES: the /pkg files are named by
# their content (listed in target/release/hash.txt, which the server reads), so browsers
# keep them for good (server/src/build_files.rs).
release_site() {
  rm -rf target/site/pkg  # no lazy part of an earlier build left behind
  LEPTOS_ENV=PROD LEPTOS_HASH_FILES=true cargo leptos build --release --split
  precompress target/site 11 9
}

# The site the browser tests load (wasm client, styles, static files): a debug build, in
# its own directory so that it and the release site never replace each other. Compressed
# at the fastest levels: the debug wasm is tens of MB.
DEBUG_SITE=target/site-debug
build_debug_site() {
  build_once "$DEBUG_SITE/.debug-inputs" Cargo.toml Cargo.lock .cargo app frontend style public -- debug_site
}
debug_site() {
  # Split as the release is, so the browser tests load pages the way people do.
  rm -rf "$DEBUG_SITE/pkg"
  LEPTOS_SITE_ROOT=$DEBUG_SITE cargo leptos build --frontend-only --split
  precompress "$DEBUG_SITE" 1 1
}

# Formatting and lints, for the server's code (ssr: app, server, bench, tests) and the
# browser's (hydrate: app through frontend). Warnings are errors.
cmd_check() {
  cargo fmt --all --check || die "the code is not formatted: run cargo fmt --all"
  local name; name=$(sed -n 's/^output-name = "\(.*\)"$/\1/p' Cargo.toml)
  grep -qx "LEPTOS_OUTPUT_NAME = \"$name\"" .cargo/config.toml \
    || die ".cargo/config.toml's LEPTOS_OUTPUT_NAME must equal Cargo.toml's output-name ($name)"
  cargo clippy --quiet -p app -p server -p bench --features app/ssr --all-targets -- -D warnings
  cargo clippy --quiet -p frontend --all-targets -- -D warnings
}

# Starts a server (target/release/partnerdesk unless PARTNERDESK_SERVER_BIN says otherwise) in the
# background on a port and waits until it is ready.
start_server() {
  local port=$1 database_url=$2; shift 2
  DATABASE_URL=$database_url PARTNERDESK_ADDR=127.0.0.1:$port LEPTOS_ENV=PROD \
    "${PARTNERDESK_SERVER_BIN:-target/release/partnerdesk}" "$@" serve > "${SERVER_LOG:-/dev/null}" 2>&1 &
  SERVER_PID=$!
  local i
  for i in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited while starting (log: ${SERVER_LOG:-none})"
    sleep 0.5
  done
  die "the server did not become ready on port $port"
}

cmd_run() {
  stage "toolchain" bootstrap
  stage "release build" build_release
  mkdir -p data
  export DATABASE_URL=${DATABASE_URL:-sqlite://data/partnerdesk.db}
  say "Partnerdesk on http://${PARTNERDESK_ADDR:-127.0.0.1:3000}/ (database $DATABASE_URL; Ctrl-C stops)"
  LEPTOS_ENV=PROD exec target/release/partnerdesk serve --demo-if-empty "${PARTNERDESK_DEMO_RESELLERS:-250}"
}

cmd_test() {
  local t0=$SECONDS
  stage "toolchain" bootstrap
  stage "formatting and lints" cmd_check
  stage "unit and integration tests (SQLite)" cargo test -p app -p server --features app/ssr
  stage "integration tests (PostgreSQL)" postgres_tests
  stage "debug build of the browser's side (wasm route: $PARTNERDESK_WASM_ROUTE_USED)" build_debug_site
  stage "browser tests" browser_tests
  say "all tests passed in $((SECONDS - t0)) s"
}

# The integration suite again, each test on a new database of a throwaway PostgreSQL
# server (durability settings off: the data dies with the run).
postgres_tests() {
  pg_throwaway_start "${PARTNERDESK_PG_PORT:-55433}" fsync=off synchronous_commit=off full_page_writes=off
  # The same package selection as the SQLite stage (-p app too), so that its builds are
  # reused: with a different selection cargo resolves app's dependencies apart and
  # recompiles app and server (72 s on a cold run).
  PARTNERDESK_TEST_POSTGRES=$PG_URL cargo test -p app -p server --features app/ssr --test it --test hostile
  pg_stop
}

# Playwright against the debug server that `cargo test` built for the integration suite
# (target/debug/partnerdesk, with the suite's features: nothing is compiled again) and the
# debug site. Release builds are for `./dev.sh run`, `sizes` and `bench`: on 2 cores the
# release server alone took 11 minutes from a fresh clone.
browser_tests() {
  local port=${PARTNERDESK_E2E_PORT:-3100} resellers=120 tmp
  # A no-op after the SQLite stage; it makes the binary's origin explicit.
  cargo test -p app -p server --features app/ssr --no-run --quiet
  tmp=$(mktemp -d)
  local db="sqlite://$tmp/e2e.db"
  local -x PARTNERDESK_SERVER_BIN=target/debug/partnerdesk LEPTOS_SITE_ROOT=$DEBUG_SITE
  DATABASE_URL=$db "$PARTNERDESK_SERVER_BIN" demo-data --resellers "$resellers" >/dev/null
  SERVER_LOG="$tmp/server.log" start_server "$port" "$db"
  (cd end2end && PARTNERDESK_E2E_PORT=$port npx playwright test "$@")
  # Screenshots of every page (1440 / 390 px, light / dark) for people to look at.
  rm -rf artifacts/screenshots
  (cd end2end && node screenshots.mjs "http://127.0.0.1:$port" ../artifacts/screenshots)
  cleanup; SERVER_PID=""
}

cmd_sizes() {
  stage "toolchain" bootstrap
  stage "release build" build_release
  local port=${PARTNERDESK_SIZES_PORT:-3200} tmp
  tmp=$(mktemp -d)
  DATABASE_URL="sqlite://$tmp/sizes.db" target/release/partnerdesk demo-data --resellers 250 >/dev/null
  start_server "$port" "sqlite://$tmp/sizes.db"
  local base="http://127.0.0.1:$port" url
  printf '%-34s %10s %10s %10s\n' "asset (loaded by /signin)" "raw" "gzip" "brotli"
  for url in $(curl -s "$base/signin" | grep -o '/pkg/[A-Za-z0-9_./-]*\.\(js\|wasm\|css\)' | sort -u); do
    local sizes=()
    for enc in identity gzip br; do
      sizes+=("$(curl -s -o /dev/null -H "Accept-Encoding: $enc" -w '%{size_download}' "$base$url")")
    done
    printf '%-34s %10s %10s %10s\n' "$url" "${sizes[@]}"
  done
  local html
  html=$(curl -s -o /dev/null -H "Accept-Encoding: br" -w '%{size_download}' "$base/signin")
  printf '%-34s %10s\n' "HTML of /signin (brotli, on the fly)" "$html"
  local lazy
  lazy=$(cat target/site/pkg/split_*.wasm target/site/pkg/chunk_*.wasm 2>/dev/null | brotli -c -q 11 | wc -c)
  printf '%-34s %10s\n' "lazy pages' wasm, all (brotli)" "$lazy"
  # What a first visit loads and how soon the page is interactive (empty cache, Chromium).
  echo
  node scripts/first-load.mjs "$base" 15
  cleanup; SERVER_PID=""
  # What the first-loaded wasm is made of: twiggy on the module as rustc left it (names
  # kept) after the lazy pages were split off.
  install_twiggy
  echo
  "$TOOLS/bin/twiggy" top -n 1000000 --format csv target/front/wasm32-unknown-unknown/wasm-release/frontend_split.wasm \
    | node scripts/wasm-by-crate.mjs 16
}

case "${1:-}" in
  run) cmd_run ;;
  test) cmd_test ;;
  sizes) cmd_sizes ;;
  bench) stage "toolchain" bootstrap; stage "release build" build_release; stage "benchmarks" bench_matrix ;;
  check) stage "toolchain" bootstrap; stage "formatting and lints" cmd_check ;;
  browser) shift; stage "toolchain" bootstrap; stage "debug build of the browser's side" build_debug_site
           stage "browser tests" browser_tests "$@" ;;
  bootstrap) bootstrap; say "toolchain ready (wasm route: $PARTNERDESK_WASM_ROUTE_USED)" ;;
  *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
