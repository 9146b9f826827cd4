# The benchmark matrix (sourced by `./dev.sh bench`): SQLite and PostgreSQL, 100,000 and
# 1,000,000 resellers, each measured by `partnerdesk-bench suite` against the release
# server on 127.0.0.1. Databases are kept in target/bench between runs (the demo data is
# made once; delete the directory to start over). Results: bench/RESULTS.md.
#
#   PARTNERDESK_BENCH_SIZES="100000 1000000"   PARTNERDESK_BENCH_SECONDS=5
#   PARTNERDESK_BENCH_DATABASES="sqlite postgres"

bench_matrix() {
  local sizes=${PARTNERDESK_BENCH_SIZES:-100000 1000000}
  local databases=${PARTNERDESK_BENCH_DATABASES:-sqlite postgres}
  local seconds=${PARTNERDESK_BENCH_SECONDS:-5}
  local dir="$ROOT/target/bench" rows
  mkdir -p "$dir"
  rows=$(mktemp)
  bursts=$(mktemp)
  cargo build --release -p bench
  local db n url
  for db in $databases; do
    if [ "$db" = postgres ]; then
      # Default durability settings (fsync on): the figures are a real deployment's.
      pg_start_in "$dir/postgres" "${PARTNERDESK_BENCH_PG_PORT:-55434}"
    fi
    case $db in
      sqlite) url="sqlite://$dir/burst.db" ;;
      postgres) pg_create_database "bench_burst"; url="${PG_URL%/postgres}/bench_burst" ;;
    esac
    echo "$db:" >> "$bursts"
    target/release/partnerdesk-bench burst --database-url "$url" --out "$bursts"
    for n in $sizes; do
      case $db in
        sqlite) url="sqlite://$dir/sqlite-$n.db" ;;
        postgres) pg_create_database "bench_$n"; url="${PG_URL%/postgres}/bench_$n" ;;
      esac
      target/release/partnerdesk-bench suite --database-url "$url" --resellers "$n" --seconds "$seconds" \
        --out "$rows" --fill-log "$dir/fill-times.md"
    done
    [ "$db" = postgres ] && pg_stop
  done
  write_results "$rows" "$sizes" "$databases" "$seconds" "$dir/fill-times.md" "$bursts"
  rm -f "$rows" "$bursts"
  say "results: bench/RESULTS.md"
}

write_results() {
  local rows=$1 sizes=$2 databases=$3 seconds=$4 fills=$5 bursts=$6
  local cpu mem
  cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
  mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
  {
    echo "# Benchmark results"
    echo
    echo "Produced by \`./dev.sh bench\` on $(date -u +%Y-%m-%d) (sizes: $sizes; databases: $databases;"
    echo "$seconds s per measurement after 1 s of warm-up)."
    echo
    echo "Machine: $(nproc) cores ($cpu), $mem RAM, $(. /etc/os-release && echo "$PRETTY_NAME"), PostgreSQL"
    echo "$("$(pg_bin postgres)" --version | awk '{print $3}'), SQLite bundled with sqlx. The load generator runs on the same"
    echo "2 cores as the server (loopback only), so every figure includes its share of the CPU."
    echo
    echo "Each row: requests/s and latency over the run, and the server process's CPU time (user +"
    echo "system, from /proc) per request. Every request is sent as a browser sends it"
    echo "(\`Accept-Encoding: gzip, deflate, br, zstd\`) and its answer decompressed and checked."
    echo "\"Resellers page\" is a signed-in GET of /partners/resellers rendered on the server;"
    echo "\"search\" is the list server function (POST /api/resellers/list) for texts picked across"
    echo "the range of match counts (one reseller, about 100, 1,000, 10,000, and most rows)."
    echo
    echo "| database | resellers | measurement | clients | req/s | p50 ms | p99 ms | server CPU ms/req | errors |"
    echo "|---|---|---|---|---|---|---|---|---|"
    cat "$rows"
    echo
    echo "Demo data (\`partnerdesk demo-data\`, batched; the time of the run that made each database):"
    echo
    cat "$fills" 2>/dev/null || echo "- (the databases existed already)"
    echo
    echo "Sign-in bursts (\`partnerdesk-bench burst\`: 100 sign-ins sent at once to a fresh server):"
    echo
    cat "$bursts"
  } > bench/RESULTS.md
}
