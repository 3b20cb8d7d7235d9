#!/usr/bin/env bash
# Side-by-side proxy benchmark on 127.0.0.1 with wrk (issue 6, items 1 and 4). In one run:
#   nginx     a fast canned upstream: nginx answering POST /{index}/_search with a realistic Elasticsearch
#             response (100 ESCI products with their _source and a 384-float `embedding` each)
#   proxy     that upstream through nginx as a plain reverse proxy (the anchor: 2 workers, keepalive upstream)
#   pass      through the sidecar as pass-through (POST /other/_search: no profile covers it)
#   rerank    through the sidecar reranking the 100 hits with the default features, warm caches
#             (POST /products/_search, size 10; config/sidecar.yaml with window 100 in front of the canned upstream)
# plus the native AOT binary's start-to-ready time (exec to first 200 from /_rerank/ready, model load
# included, best of 3) and its RSS after the load. Ends with exactly one line:
#   passthrough_rps_vs_nginx=<ratio> passthrough_p50_ms=<ms> rerank_added_p50_ms=<ms> rerank_added_p99_ms=<ms> rss_mb=<MB> startup_ms=<ms>
#
# Usage: scripts/bench.sh [--quick] [--growth] [--out FILE]
#   --quick    5 s per measured run, 2 s warm-ups (CI smoke); the report goes to artifacts/bench/ unless --out
#   --growth   also measure added latency against window size (10, 100, 500, 1000 hits, and 100 hits without
#              vectors) and concurrency (1, 4, 16, 64 connections); ~10 min in all
#   --out FILE markdown report (default docs/benchmarks/bench-sh.md; artifacts/bench/bench-sh.md with --quick)
# Environment:
#   SIDECAR_BIN        the sidecar binary to measure (default: publish the native AOT binary into artifacts/bench/sidecar)
#   BENCH_PORT         first of three consecutive ports: canned upstream, nginx proxy, sidecar (default 19410)
#   BENCH_THREADS      wrk threads (default 2)   BENCH_CONNECTIONS  wrk connections (default 32)
#   BENCH_PACED_CONNECTIONS, BENCH_PACE_MS  the paced runs that measure rerank_added_*: connections (default 8), each
#                      pausing this many ms between requests (default 10: ~750 requests/s, below saturation here)
#   BENCH_ROUNDS       rounds of the pass-through comparison: nginx proxy and sidecar pass-through measured
#                      alternately this many times; the ratio is the median of the rounds' ratios (default 5; 1 with --quick)
#   BENCH_DURATION     seconds per measured run (default 15; 5 with --quick)
#   BENCH_WARMUP       seconds of warm-up before each measured run (default 5; 2 with --quick)
#   BENCH_REVISION     what the report names as the measured revision (default: git HEAD of this checkout)
# Needs wrk, nginx (nginx-light), python3, curl, jq: installed from Debian packages when missing.
source "$(dirname "$0")/lib/common.sh"

quick=0 growth=0 out=""
command_line="scripts/bench.sh $*"
for var in BENCH_ROUNDS BENCH_DURATION BENCH_WARMUP BENCH_CONNECTIONS BENCH_PACED_CONNECTIONS BENCH_PACE_MS BENCH_THREADS BENCH_PORT SIDECAR_BIN; do
  [ -z "${!var:-}" ] || command_line="$var=${!var#"$ROOT/"} $command_line"
done
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --growth) growth=1 ;;
    --out) out="${2:?--out needs a file}"; shift ;;
    -h | --help) sed -n '2,/^source/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
  shift
done

need curl
need jq
need wrk
need nginx nginx-light
need python3

BENCH="$ROOT/artifacts/bench"
RUN="$BENCH/run"
WWW="$BENCH/www"
mkdir -p "$BENCH" "$RUN/tmp" "$WWW"
[ -n "$out" ] || { [ "$quick" = 1 ] && out="$BENCH/bench-sh.md" || out="$ROOT/docs/benchmarks/bench-sh.md"; }
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac

base_port="${BENCH_PORT:-19410}"
UP_PORT=$base_port NGINX_PORT=$((base_port + 1)) SC_PORT=$((base_port + 2))
THREADS="${BENCH_THREADS:-2}" CONNECTIONS="${BENCH_CONNECTIONS:-32}"
PACED_CONNECTIONS="${BENCH_PACED_CONNECTIONS:-8}" PACE_MS="${BENCH_PACE_MS:-10}"
if [ "$quick" = 1 ]; then
  DURATION="${BENCH_DURATION:-5}" WARMUP="${BENCH_WARMUP:-2}" ROUNDS="${BENCH_ROUNDS:-1}"
else
  DURATION="${BENCH_DURATION:-15}" WARMUP="${BENCH_WARMUP:-5}" ROUNDS="${BENCH_ROUNDS:-5}"
fi
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_ROUNDS must be a positive integer"
# Comparison rounds after the first are shorter (two thirds of a run, warm-up 2 s): five rounds fit in ~2.5 min.
RD_DURATION=$(( ROUNDS > 1 ? (DURATION * 2 + 2) / 3 : DURATION )) RD_WARMUP=$(( ROUNDS > 1 && WARMUP > 2 ? 2 : WARMUP ))
# Growth runs are shorter: there are 18 of them.
G_DURATION=$((DURATION < 10 ? DURATION : 10)) G_WARMUP=$((WARMUP < 3 ? WARMUP : 3))

for port in "$UP_PORT" "$NGINX_PORT" "$SC_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port is in use (set BENCH_PORT to the first of three free ports)"
  fi
done

pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# --- 1. The sidecar binary: native AOT unless SIDECAR_BIN is given ------------------------------------------
if [ -z "${SIDECAR_BIN:-}" ]; then
  log "publishing the native AOT binary into artifacts/bench/sidecar (1-2 min)"
  dotnet publish "$ROOT/src/Sidecar" -c Release -r linux-x64 -p:PublishAot=true -o "$BENCH/sidecar" \
    >"$BENCH/publish.log" 2>&1 || { tail -30 "$BENCH/publish.log"; die "AOT publish failed (artifacts/bench/publish.log)"; }
  SIDECAR_BIN="$BENCH/sidecar/sidecar"
fi
[ -x "$SIDECAR_BIN" ] || die "SIDECAR_BIN $SIDECAR_BIN is not an executable"

# --- 2. Canned responses: generated once from the ESCI catalogue -------------------------------------------
# Nn: N hits without `embedding` (what Elasticsearch answers the sidecar's first stage with the default
# item_embedding.vectors_from: cache; the vectors come from the item cache, filled once from /_mget).
# 100: the same hits with a 384-float `embedding` each, parsed from _source (vectors_from: source; growth runs only).
windows=(100n)
[ "$growth" = 1 ] && windows=(10n 100n 500n 1000n 100)
products="$ESCI_DIR/products.jsonl"
[ -f "$products" ] || die "ESCI catalogue not found at $products (set ESCI_DIR)"
stale=0
for n in "${windows[@]}"; do
  [ "$WWW/search-$n.json" -nt "$products" ] && [ "$WWW/search-$n.json" -nt "$ROOT/scripts/lib/bench_canned.py" ] || stale=1
done
[ "$WWW/_mget" -nt "$ROOT/scripts/lib/bench_canned.py" ] || stale=1
if [ "$stale" = 1 ]; then
  all=(10n 100n 500n 1000n 100)
  log "generating canned search and _mget responses (${all[*]} hits)"
  python3 "$ROOT/scripts/lib/bench_canned.py" "$products" "$WWW" "${all[@]}"
fi
# /{index}/_search paths: products* are reranked by the sidecar, other* pass through. Window 100n has no suffix.
# POST /_mget answers the vectors of the first 1000 products (the sidecar asks once per item, then caches).
suffix() { [ "$1" = 100n ] && echo "" || echo "$1"; }
for n in "${windows[@]}"; do
  for index in "products$(suffix "$n")" "other$(suffix "$n")"; do
    mkdir -p "$WWW/$index"
    ln -sfn "../search-$n.json" "$WWW/$index/_search"
  done
done

# --- 3. nginx: the canned upstream and the reverse proxy (separate instances, 2 workers each) ---------------
user_line=""
[ "$(id -u)" = 0 ] && user_line="user root;"
common_http="access_log off; sendfile on; tcp_nopush on; tcp_nodelay on; keepalive_timeout 75s; keepalive_requests 1000000;
    client_body_temp_path $RUN/tmp/body; proxy_temp_path $RUN/tmp/proxy; fastcgi_temp_path $RUN/tmp/fastcgi;
    uwsgi_temp_path $RUN/tmp/uwsgi; scgi_temp_path $RUN/tmp/scgi;"
cat >"$RUN/upstream.conf" <<EOF
$user_line
worker_processes 2;
daemon off;
pid $RUN/upstream.pid;
error_log $RUN/upstream-error.log warn;
events { worker_connections 4096; }
http {
  $common_http
  types { }
  default_type application/json;
  server {
    listen 127.0.0.1:$UP_PORT backlog=4096;
    root $WWW;
    add_header X-Elastic-Product Elasticsearch always;
    location = / { return 200 '{"name":"canned","cluster_name":"bench","version":{"number":"8.15.0"},"tagline":"You Know, for Search"}'; }
    # Static files refuse POST with 405; answer it with the file (internal redirect as GET).
    location / { error_page 405 =200 \$uri; }
  }
}
EOF
cat >"$RUN/proxy.conf" <<EOF
$user_line
worker_processes 2;
daemon off;
pid $RUN/proxy.pid;
error_log $RUN/proxy-error.log warn;
events { worker_connections 4096; }
http {
  $common_http
  upstream canned {
    server 127.0.0.1:$UP_PORT;
    keepalive 64;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT backlog=4096;
    location / {
      proxy_pass http://canned;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      # Buffers big enough for a 100-hit response (~620 KB); never spill to temp files.
      proxy_buffer_size 64k;
      proxy_buffers 16 64k;
      proxy_busy_buffers_size 128k;
      proxy_max_temp_file_size 0;
    }
  }
}
EOF
declare -A nginx_pid
start_nginx() { # start_nginx NAME PORT
  nginx -e "$RUN/$1-error.log" -p "$RUN" -c "$RUN/$1.conf" </dev/null >>"$RUN/$1-error.log" 2>&1 &
  pids+=($!)
  nginx_pid[$1]=$!
  wait_http "http://127.0.0.1:$2/" 10 || { cat "$RUN/$1-error.log"; die "nginx ($1) did not start"; }
}
log "starting nginx: canned upstream on :$UP_PORT, reverse proxy on :$NGINX_PORT"
start_nginx upstream "$UP_PORT"
start_nginx proxy "$NGINX_PORT"

BODY='{"size":10,"query":{"multi_match":{"query":"wireless noise cancelling headphones","fields":["title^2","brand","category"]}}}'
cat >"$RUN/post.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$BODY'
EOF
# Paced: each connection waits PACE_MS between requests (a steady load below saturation).
cat "$RUN/post.lua" - >"$RUN/paced.lua" <<EOF
function delay() return $PACE_MS end
EOF
# Same requests, counting status and X-Rerank outcomes (slower client: used only for the short check runs).
cat "$RUN/post.lua" - >"$RUN/check.lua" <<'EOF'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) applied = 0; skipped = 0; none = 0; non200 = 0 end
function response(status, headers, body)
  if status ~= 200 then non200 = non200 + 1 end
  local outcome = headers["X-Rerank"] or headers["x-rerank"]
  if outcome == nil then none = none + 1 elseif outcome:sub(1, 7) == "applied" then applied = applied + 1 else skipped = skipped + 1 end
end
function done(summary, latency, requests)
  local a, s, n, e = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("applied"); s = s + t:get("skipped"); n = n + t:get("none"); e = e + t:get("non200")
  end
  io.write(string.format("outcomes applied=%d skipped=%d none=%d non200=%d\n", a, s, n, e))
end
EOF

hits_of() { curl -sf -X POST "$1" -H 'Content-Type: application/json' -d "$BODY" | jq '.hits.hits | length'; }
[ "$(hits_of "http://127.0.0.1:$UP_PORT/products/_search")" = 100 ] || die "the canned upstream does not answer POST with 100 hits"
[ "$(hits_of "http://127.0.0.1:$NGINX_PORT/products/_search")" = 100 ] || die "the nginx proxy does not answer with 100 hits"

# --- 4. Sidecar configuration: config/sidecar.yaml with window 100, in front of the canned upstream ---------
config="$RUN/sidecar.yaml"
sed -E "s|^(  listen: ).*|\1http://127.0.0.1:$SC_PORT|; s|^(  url: ).*|\1http://127.0.0.1:$UP_PORT|; s|^(    window: )[0-9]+|\1100|" \
  "$ROOT/config/sidecar.yaml" >"$config"
# "name (type, weight w), ..." of the profile's features, for the report.
features=$(awk '/^    features:/ { on = 1; next } on && /^    [a-z_]+:/ { on = 0 }
  on && /^      - name:/ { if (n) printf "%s, ", f; n = $3; t = ""; w = "1" }
  on && /^        type:/ { t = $2 } on && /^        weight:/ { w = $2 }
  on && n { f = n " (" t ", weight " w ")" } END { if (n) printf "%s", f }' "$config")
sidecar_cmd() { echo "$SIDECAR_BIN" --config "$1" --listen "http://127.0.0.1:$SC_PORT" --upstream "http://127.0.0.1:$UP_PORT"; }
"$SIDECAR_BIN" config validate "$config" >/dev/null || die "the benchmark configuration is invalid"

# --- 5. Start to ready, best of 3 (exec -> first 200 from /_rerank/ready, model load included) -------------
log "start-to-ready time of $(basename "$SIDECAR_BIN") (best of 3)"
startup_ms=""
for i in 1 2 3; do
  ms=$(python3 "$ROOT/scripts/lib/bench_startup.py" "http://127.0.0.1:$SC_PORT/_rerank/ready" "$RUN/sidecar-startup.log" -- $(sidecar_cmd "$config")) \
    || die "the sidecar did not become ready (artifacts/bench/run/sidecar-startup.log)"
  log "  start $i: $ms ms"
  if [ -z "$startup_ms" ] || [ "$ms" -lt "$startup_ms" ]; then startup_ms=$ms; fi
done

sidecar_pid=""
start_sidecar() { # start_sidecar CONFIG
  # shellcheck disable=SC2046
  $(sidecar_cmd "$1") </dev/null >>"$RUN/sidecar.log" 2>&1 &
  sidecar_pid=$!
  pids+=("$sidecar_pid")
  wait_http "http://127.0.0.1:$SC_PORT/_rerank/ready" 30 || { tail -20 "$RUN/sidecar.log"; die "the sidecar did not start"; }
}
stop_sidecar() { kill "$sidecar_pid" 2>/dev/null || true; wait "$sidecar_pid" 2>/dev/null || true; }

check_route() { # check_route PATH EXPECTED_HITS EXPECTED_X_RERANK
  local headers
  headers=$(curl -s -o "$RUN/check.json" -D - -X POST "http://127.0.0.1:$SC_PORT$1" -H 'Content-Type: application/json' -d "$BODY")
  [ "$(jq '.hits.hits | length' "$RUN/check.json")" = "$2" ] || die "$1 through the sidecar did not answer $2 hits"
  local outcome
  outcome=$(echo "$headers" | tr -d '\r' | sed -n 's/^[Xx]-[Rr]erank: //p')
  case "$outcome" in "$3"*) ;; *) die "$1 through the sidecar: X-Rerank '$outcome', expected '$3'" ;; esac
  [ -n "$3" ] || [ -z "$outcome" ] || die "$1 through the sidecar: X-Rerank '$outcome', expected none"
}

# --- 6. Measurements ---------------------------------------------------------------------------------------
to_ms() { # wrk latency (850.00us, 1.23ms, 1.02s, 2.00m) -> ms
  awk -v v="$1" 'BEGIN { u = v; sub(/^[0-9.]+/, "", u); n = v + 0;
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000; printf "%.3f", n }'
}
# CPU time (user + system, clock ticks) of processes PID... and their children (nginx workers).
cpu_ticks() {
  local total=0 pid f
  for pid in "$@" $(ps -o pid= --ppid "$*" 2>/dev/null); do
    read -r -a f <"/proc/$pid/stat" 2>/dev/null || continue
    total=$((total + f[13] + f[14]))
  done
  echo "$total"
}
TICKS=$(getconf CLK_TCK)
# Managed bytes the sidecar allocated since start (its sidecar_allocated_bytes gauge); empty for other servers.
allocated() { # allocated URL
  case "$1" in
    "http://127.0.0.1:$SC_PORT/"*) curl -sf "http://127.0.0.1:$SC_PORT/_rerank/metrics" | awk '$1 == "sidecar_allocated_bytes" { printf "%.0f", $2 }' ;;
  esac
}
# run_wrk NAME URL CONNECTIONS DURATION WARMUP SERVER_PID [SCRIPT]: prints
# "rps p50_ms p99_ms errors cpu_ms_per_request kb_allocated_per_request" (the last one "-" for nginx)
# (errors: non-2xx + socket errors; CPU: user + system time the server process and its children spent per
# request during the measured run, which other load on the machine does not inflate much, unlike latency).
run_wrk() {
  local name="$1" url="$2" c="$3" d="$4" w="$5" server="$6" script="${7:-$RUN/post.lua}" t before after
  t=$((THREADS < c ? THREADS : c))
  wrk -t "$t" -c "$c" -d "${w}s" --timeout 30s -s "$script" "$url" >/dev/null 2>&1 || true
  before=$(cpu_ticks "$server")
  local alloc_before alloc_after
  alloc_before=$(allocated "$url")
  wrk -t "$t" -c "$c" -d "${d}s" --timeout 30s --latency -s "$script" "$url" >"$RUN/wrk-$name.txt" 2>&1 || die "wrk failed ($name)"
  after=$(cpu_ticks "$server")
  alloc_after=$(allocated "$url")
  local rps p50 p99 non2xx sock requests cpu
  rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$RUN/wrk-$name.txt")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$RUN/wrk-$name.txt")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$RUN/wrk-$name.txt")")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$RUN/wrk-$name.txt")
  sock=$(awk '/Socket errors:/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' "$RUN/wrk-$name.txt")
  requests=$(awk '/ requests in / { print $1 }' "$RUN/wrk-$name.txt")
  cpu=$(awk -v t=$((after - before)) -v hz="$TICKS" -v n="${requests:-0}" 'BEGIN { printf "%.3f", (n > 0 ? t * 1000 / hz / n : 0) }')
  local kb="-"
  if [ -n "$alloc_before" ] && [ -n "$alloc_after" ]; then
    kb=$(awk -v a="$alloc_after" -v b="$alloc_before" -v n="${requests:-0}" 'BEGIN { printf "%.1f", (n > 0 ? (a - b) / 1024 / n : 0) }')
  fi
  echo "$rps $p50 $p99 $(( ${non2xx:-0} + ${sock:-0} )) $cpu $kb"
}
# check_outcomes URL CONNECTIONS: a 3 s run counting X-Rerank outcomes -> "applied=.. skipped=.. none=.. non200=.."
check_outcomes() {
  local t=$((THREADS < $2 ? THREADS : $2))
  wrk -t "$t" -c "$2" -d 3s --timeout 30s -s "$RUN/check.lua" "$1" 2>&1 | sed -n 's/^outcomes //p'
}
sub_ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }

log "starting the sidecar for the load runs on :$SC_PORT"
start_sidecar "$config"
check_route /products/_search 10 applied
check_route /other/_search 100 ""

declare -A R
measure() { # measure KEY URL CONNECTIONS DURATION WARMUP SERVER_PID [SCRIPT]
  log "  $1: ${4}s at $3 connections (${5}s warm-up)${7:+, paced}"
  R[$1]=$(run_wrk "$1" "$2" "$3" "$4" "$5" "$6" "${7:-}")
}
log "measuring: $THREADS wrk threads, $CONNECTIONS connections, ${DURATION}s each after ${WARMUP}s warm-up"
measure nginx "http://127.0.0.1:$UP_PORT/products/_search" "$CONNECTIONS" "$DURATION" "$WARMUP" "${nginx_pid[upstream]}"
# The pass-through comparison alternates nginx proxy and sidecar ROUNDS times: the anchor itself moves by 30 % between
# runs on a shared machine, so each round's ratio compares two runs made seconds apart, and the median of the
# rounds is reported (the table's proxy and pass rows are the median of each column over the rounds).
ratios=()
for r in $(seq "$ROUNDS"); do
  d=$DURATION w=$WARMUP
  [ "$r" = 1 ] || { d=$RD_DURATION; w=$RD_WARMUP; }
  [ "$ROUNDS" = 1 ] || log "  round $r of $ROUNDS"
  measure "proxy-r$r" "http://127.0.0.1:$NGINX_PORT/products/_search" "$CONNECTIONS" "$d" "$w" "${nginx_pid[proxy]}"
  measure "pass-r$r" "http://127.0.0.1:$SC_PORT/other/_search" "$CONNECTIONS" "$d" "$w" "$sidecar_pid"
  ratios+=("$(awk -v a="$(echo "${R[pass-r$r]}" | cut -d' ' -f1)" -v b="$(echo "${R[proxy-r$r]}" | cut -d' ' -f1)" 'BEGIN { printf "%.2f", a / b }')")
done
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# median_row KEY: the medians of each column over KEY-r1..KEY-rN (errors: the sum).
median_row() {
  local col out="" values
  for col in 1 2 3 4 5 6; do
    values=$(for r in $(seq "$ROUNDS"); do echo "${R[$1-r$r]}" | cut -d' ' -f"$col"; done)
    if [ "$col" = 4 ]; then out+="$(echo "$values" | awk '{ s += $1 } END { print s + 0 }') "
    elif [ "$col" = 6 ] && echo "$values" | grep -q -- '^-$'; then out+="- "
    else out+="$(echo "$values" | median | awk -v c="$col" '{ printf (c == 1 ? "%.0f" : c == 6 ? "%.1f" : "%.3f"), $1 }') "; fi
  done
  echo "${out% }"
}
R[proxy]=$(median_row proxy)
R[pass]=$(median_row pass)
measure rerank "http://127.0.0.1:$SC_PORT/products/_search" "$CONNECTIONS" "$DURATION" "$WARMUP" "$sidecar_pid"
# The added latency of reranking at a steady load below saturation: each connection pauses between requests, so
# requests do not queue behind each other on the 2 cores (at saturation, latency is connections / throughput).
measure pass_paced "http://127.0.0.1:$SC_PORT/other/_search" "$PACED_CONNECTIONS" "$DURATION" "$WARMUP" "$sidecar_pid" "$RUN/paced.lua"
measure rerank_paced "http://127.0.0.1:$SC_PORT/products/_search" "$PACED_CONNECTIONS" "$DURATION" "$WARMUP" "$sidecar_pid" "$RUN/paced.lua"
rerank_outcomes=$(check_outcomes "http://127.0.0.1:$SC_PORT/products/_search" "$CONNECTIONS")
rss_kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$sidecar_pid/status")
hwm_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$sidecar_pid/status")
stop_sidecar

field() { echo "${R[$1]}" | cut -d' ' -f"$2"; }
ratio=$(printf '%s\n' "${ratios[@]}" | median | awk '{ printf "%.2f", $1 }')
pass_p50=$(field pass 2)
added_p50=$(sub_ms "$(field rerank_paced 2)" "$(field pass_paced 2)")
added_p99=$(sub_ms "$(field rerank_paced 3)" "$(field pass_paced 3)")
sat_added_p50=$(sub_ms "$(field rerank 2)" "$(field pass 2)")
sat_added_p99=$(sub_ms "$(field rerank 3)" "$(field pass 3)")
rss_mb=$(awk -v k="$rss_kb" 'BEGIN { printf "%.0f", k / 1024 }')
hwm_mb=$(awk -v k="$hwm_kb" 'BEGIN { printf "%.0f", k / 1024 }')

# --- 7. Cost growth: window size and concurrency ----------------------------------------------------------
declare -A G
growth_outcomes=()
if [ "$growth" = 1 ]; then
  # Every profile gets budget_ms 1000 so that each request is reranked in full (the cost is what is measured);
  # with the default 50 ms, window 1000 fails open (X-Rerank: skipped; reason=budget) even alone on 2 cores.
  growth_config="$RUN/sidecar-growth.yaml"
  sed -E 's|^(    budget_ms: )[0-9]+|\11000|' "$config" >"$growth_config"
  profile=$(sed -n '/^  - name: products/,$p' "$growth_config")
  for n in 10n 500n 1000n 100; do
    from=cache
    [ "$n" = 100 ] && from=source
    echo "$profile" | sed -E "s|^(  - name: )products|\1products$n|; s|^(    indices: )\[products\]|\1[products$n]|; s|^(    window: )[0-9]+|\1${n%n}|;
      s|^(      vectors_from: )[a-z]+|\1$from|" >>"$growth_config"
  done
  "$SIDECAR_BIN" config validate "$growth_config" >/dev/null || die "the growth configuration is invalid"
  log "cost growth: window sizes (${G_DURATION}s runs at $CONNECTIONS connections)"
  start_sidecar "$growth_config"
  for n in "${windows[@]}"; do
    s=$(suffix "$n")
    check_route "/products$s/_search" 10 applied
    log "  window $n (${G_DURATION}s pass-through, ${G_DURATION}s rerank)"
    G[pass-w$n]=$(run_wrk "pass-w$n" "http://127.0.0.1:$SC_PORT/other$s/_search" "$CONNECTIONS" "$G_DURATION" "$G_WARMUP" "$sidecar_pid")
    G[rerank-w$n]=$(run_wrk "rerank-w$n" "http://127.0.0.1:$SC_PORT/products$s/_search" "$CONNECTIONS" "$G_DURATION" "$G_WARMUP" "$sidecar_pid")
    growth_outcomes+=("window $n: $(check_outcomes "http://127.0.0.1:$SC_PORT/products$s/_search" "$CONNECTIONS")")
  done
  log "cost growth: concurrency (window 100, ${G_DURATION}s runs)"
  for c in 1 4 16 64; do
    log "  $c connection(s)"
    G[pass-c$c]=$(run_wrk "pass-c$c" "http://127.0.0.1:$SC_PORT/other/_search" "$c" "$G_DURATION" "$G_WARMUP" "$sidecar_pid")
    G[rerank-c$c]=$(run_wrk "rerank-c$c" "http://127.0.0.1:$SC_PORT/products/_search" "$c" "$G_DURATION" "$G_WARMUP" "$sidecar_pid")
    growth_outcomes+=("$c connections: $(check_outcomes "http://127.0.0.1:$SC_PORT/products/_search" "$c")")
  done
  stop_sidecar
fi
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# --- 8. Report ---------------------------------------------------------------------------------------------
met() { awk -v a="$1" -v b="$2" -v op="$3" 'BEGIN { ok = (op == "ge") ? a >= b : a <= b; print ok ? "met" : "**not met**" }'; }
bytes() { stat -L -c %s "$WWW/search-$1.json"; }
row() { # row LABEL KEY
  printf '| %s | %s |\n' "$1" "$(echo "${R[$2]}" | awk '{ printf "%s | %s | %s | %s | %s | %s", $1, $2, $3, $5, $6, $4 }')"
}
grow_row() { # grow_row LABEL KEY_SUFFIX
  printf '| %s | %s |\n' "$1" "$(echo "${G[pass-$2]} ${G[rerank-$2]}" | awk '{
    printf "%s | %s | %s | %s | %s | %s | **%.3f** | **%.3f** | %s | %s | **%.3f** | %s | %d",
      $1, $7, $2, $8, $3, $9, $8 - $2, $9 - $3, $5, $11, $11 - $5, $12, $4 + $10 }')"
}
if [ -n "${BENCH_REVISION:-}" ]; then
  revision="$BENCH_REVISION"
else
  revision="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
  git -C "$ROOT" diff --quiet HEAD -- src config 2>/dev/null || revision="$revision with uncommitted changes in src/ or config/"
fi
summary="passthrough_rps_vs_nginx=$ratio passthrough_p50_ms=$pass_p50 rerank_added_p50_ms=$added_p50 rerank_added_p99_ms=$added_p99 rss_mb=$rss_mb startup_ms=$startup_ms"
mkdir -p "$(dirname "$out")"
{
  echo "# scripts/bench.sh: the sidecar side by side with nginx"
  echo
  echo "Generated by \`$command_line\` on $(date -u '+%Y-%m-%d %H:%M UTC') (commit $revision)."
  echo "Do not edit by hand: rerun the command."
  echo
  echo "**Machine:** $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr);"
  echo ".NET SDK $(dotnet --version 2>/dev/null || echo '?') (runtime $(dotnet --list-runtimes 2>/dev/null | awk '/NETCore.App/ { v = $2 } END { print v }')), $(nginx -v 2>&1 | sed 's/^nginx version: //'), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)."
  echo "Load average (1/5/15 min) at start $load_start, at end $load_end: the machine is shared, figures move with it."
  echo "Binary: \`${SIDECAR_BIN#"$ROOT/"}\` ($(du -h "$SIDECAR_BIN" | cut -f1)); everything (wrk, both nginx, the sidecar) runs on the same cores."
  echo
  echo "**Setup:** wrk $THREADS threads, $CONNECTIONS connections, ${DURATION} s per run after a ${WARMUP} s warm-up, \`--latency --timeout 30s\`,"
  echo "POST body \`$BODY\`. Canned upstream: nginx (2 workers) serving a $(bytes 100n)-byte, 100-hit"
  echo "Elasticsearch response (the first 100 ESCI products, whole \`_source\`, no vectors: what Elasticsearch answers"
  echo "the sidecar's first stage, which leaves \`embedding\` out with the default \`item_embedding.vectors_from: cache\`, and"
  echo "what 9.2+ answers any search by default) with \`X-Elastic-Product: Elasticsearch\`, and \`POST /_mget\` with the"
  echo "products' 384-float vectors (the sidecar fetches each item's vector once, then serves it from its item cache)."
  echo "Anchor: a second nginx (2 workers) as reverse proxy, keepalive to the upstream. Sidecar: config/sidecar.yaml with"
  echo "window 100 and its features: $features;"
  echo "no user header (anonymous); the query embedding is warm in the LRU after the warm-up."
  echo
  echo "| run | requests/s | p50 ms | p99 ms | server CPU ms/request | sidecar KB allocated/request | errors |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  row "nginx canned upstream, direct" nginx
  row "nginx reverse proxy (anchor)" proxy
  row "sidecar pass-through (\`/other/_search\`, 100 hits to the client)" pass
  row "sidecar rerank (\`/products/_search\`, 100 hits reranked, 10 to the client)" rerank
  row "sidecar pass-through, paced ($PACED_CONNECTIONS connections, $PACE_MS ms pause between requests)" pass_paced
  row "sidecar rerank, paced ($PACED_CONNECTIONS connections, $PACE_MS ms pause between requests)" rerank_paced
  echo
  echo "Server CPU ms/request: user + system time of the process that answered (nginx: master and workers; the"
  echo "sidecar: its process) during the measured run, divided by the requests completed. Latency and throughput move"
  echo "with whatever else the shared cores run; CPU per request much less, so compare those across runs."
  echo
  echo "Rerank outcomes under the same load (3 s check run): $rerank_outcomes."
  if [ "$ROUNDS" -gt 1 ]; then
    echo
    echo "**Pass-through comparison in $ROUNDS alternating rounds** (nginx proxy, then the sidecar; the first round ${DURATION} s"
    echo "per run after ${WARMUP} s warm-up, the others ${RD_DURATION} s after ${RD_WARMUP} s). The two rows above give the median of each"
    echo "column over the rounds (errors: the sum); the ratio in the final line is the median of the rounds' ratios."
    echo
    echo "| round | proxy rps | sidecar rps | ratio | proxy p50 ms | sidecar p50 ms | proxy CPU ms/req | sidecar CPU ms/req |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
    for r in $(seq "$ROUNDS"); do
      echo "${R[proxy-r$r]} ${R[pass-r$r]}" | awk -v r="$r" -v q="${ratios[$((r - 1))]}" '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", r, $1, $7, q, $2, $8, $5, $11 }'
    done
  fi
  echo
  echo "CPU per request: the nginx proxy $(field proxy 5) ms, the sidecar passing through $(field pass 5) ms ($(awk -v a="$(field pass 5)" -v b="$(field proxy 5)" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')x), the sidecar"
  echo "reranking $(field rerank 5) ms (reranking adds $(sub_ms "$(field rerank 5)" "$(field pass 5)") ms of CPU per request over passing the same response through)."
  echo
  echo "Added latency of reranking: measured on the paced runs ($PACED_CONNECTIONS connections, each pausing $PACE_MS ms between"
  echo "requests: a steady load the 2 shared cores serve without queueing), **$added_p50 ms at p50 and $added_p99 ms at p99**. At"
  echo "saturation ($CONNECTIONS connections, no pause) every request also waits for the ones ahead of it, so latency becomes"
  echo "connections / throughput and the difference is a throughput figure: $sat_added_p50 ms at p50, $sat_added_p99 ms at p99."
  echo
  echo "| target | measured | |"
  echo "|---|---:|---|"
  echo "| pass-through throughput >= nginx proxy (ratio >= 1.0) | $ratio | $(met "$ratio" 1.0 ge) |"
  echo "| pass-through p50 not above the nginx proxy's ($(field proxy 2) ms) | $pass_p50 ms | $(met "$pass_p50" "$(field proxy 2)" le) |"
  echo "| rerank adds <= 1 ms at p50 (paced rerank p50 - paced pass-through p50) | $added_p50 ms | $(met "$added_p50" 1 le) |"
  echo "| rerank adds <= 3 ms at p99 (paced) | $added_p99 ms | $(met "$added_p99" 3 le) |"
  echo "| RSS after the load <= 250 MB (peak $hwm_mb MB) | $rss_mb MB | $(met "$rss_mb" 250 le) |"
  echo "| start to ready <= 1 s (exec to first 200 from /_rerank/ready, best of 3) | $startup_ms ms | $(met "$startup_ms" 1000 le) |"
  if [ "$growth" = 1 ]; then
    echo
    echo "## Cost growth"
    echo
    echo "Added latency = rerank minus pass-through of the same canned response (same upstream bytes; pass-through"
    echo "sends every hit to the client, rerank sends 10). ${G_DURATION} s per run after ${G_WARMUP} s warm-up. Growth profiles"
    echo "use \`budget_ms: 1000\` so that every request is reranked in full (with the default 50 ms, window 1000 fails"
    echo "open even for a lone request here); one sidecar process serves all windows (one profile per window)."
    echo
    echo "### Window size ($CONNECTIONS connections)"
    echo
    echo "| window (response bytes) | pass rps | rerank rps | pass p50 ms | rerank p50 ms | pass p99 ms | rerank p99 ms | added p50 ms | added p99 ms | pass CPU ms/req | rerank CPU ms/req | added CPU ms/req | rerank KB alloc/req | errors |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for n in "${windows[@]}"; do
      label="${n%n} ($(bytes "$n") bytes; vectors from the item cache)"
      [ "$n" = 100 ] && label="100 with \`embedding\` in \`_source\`, parsed per hit (\`vectors_from: source\`; $(bytes "$n") bytes)"
      grow_row "$label" "w$n"
    done
    echo
    echo "### Concurrency (window 100)"
    echo
    echo "| connections | pass rps | rerank rps | pass p50 ms | rerank p50 ms | pass p99 ms | rerank p99 ms | added p50 ms | added p99 ms | pass CPU ms/req | rerank CPU ms/req | added CPU ms/req | rerank KB alloc/req | errors |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for c in 1 4 16 64; do grow_row "$c" "c$c"; done
    echo
    echo "Rerank outcomes (3 s check run after each): $(printf '%s; ' "${growth_outcomes[@]}" | sed 's/; $//')."
  fi
  echo
  echo '```'
  echo "$summary"
  echo '```'
} >"$out"

log "report: ${out#"$ROOT/"}"
printf '\n| run | rps | p50 ms | p99 ms | errors | CPU ms/req |\n' >&2
for k in nginx proxy pass rerank pass_paced rerank_paced; do printf '| %s | %s |\n' "$k" "$(echo "${R[$k]}" | sed 's/ / | /g')" >&2; done
echo "rerank outcomes: $rerank_outcomes" >&2
echo "$summary"
