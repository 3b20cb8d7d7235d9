#!/usr/bin/env bash
# Soak test: the Elasticsearch stand-in (ESCI catalogue) and the sidecar on 127.0.0.1 high ports, a steady
# mixed load for N minutes (wrk: reranked searches with random ESCI queries, pass-through reads, writes,
# bad requests) while faults are injected every minute:
#   at :20  the stand-in is frozen (SIGSTOP) for FREEZE_S seconds (default 5), then resumed (SIGCONT);
#   at :40  the configuration file is replaced by a broken one for 3 s (rejected, running config kept), then restored.
# Samples the sidecar's RSS every 10 s and reports errors by kind (HTTP statuses per load kind, socket errors,
# X-Rerank outcomes from /_rerank/metrics) and RSS growth (mean of the first minute vs the last minute).
#
#   ./scripts/soak.sh [--minutes N]      default 10; bounded: everything stops after N minutes + 2
# Environment: UPSTREAM_PORT (19300), SIDECAR_PORT (19380), RUN_DIR (.run/soak), NO_EMBEDDINGS=1 (skip item
# embeddings; cached ones are used when present), SKIP_BUILD=1, SIDECAR_BIN, CONNECTIONS (search connections, 4).
# Loopback only. The report is printed and kept in $RUN_DIR/soak-report.txt.
set -euo pipefail
minutes=10
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --minutes=*) minutes="${1#*=}"; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (use --minutes N)" >&2; exit 2 ;;
  esac
done
[[ "$minutes" =~ ^[0-9]+$ ]] && [ "$minutes" -ge 1 ] && [ "$minutes" -le 240 ] || { echo "--minutes must be 1..240" >&2; exit 2; }

export UPSTREAM_PORT="${UPSTREAM_PORT:-19300}" SIDECAR_PORT="${SIDECAR_PORT:-19380}"
here="$(cd "$(dirname "$0")" && pwd)"
export RUN_DIR="${RUN_DIR:-$(cd "$here/.." && pwd)/.run/soak}"
source "$here/lib/common.sh"
need curl
need jq
need wrk

freeze_s="${FREEZE_S:-5}"
connections="${CONNECTIONS:-4}"
mkdir -p "$RUN_DIR"
rm -f "$RUN_DIR"/rss.csv "$RUN_DIR"/wrk-*.log "$RUN_DIR"/events.log "$RUN_DIR"/soak-report.txt

# The soak configuration: the shipped one with short upstream timeouts (so a frozen upstream shows as
# timeouts and breaker trips, not as requests parked for a minute) and a watched copy that faults can break.
good="$RUN_DIR/soak-good.yaml"
live="$RUN_DIR/soak.yaml"
sed -e 's/^  timeout_ms: 60000/  timeout_ms: 3000/' "$ROOT/config/sidecar.yaml" >"$good"
cat >>"$good" <<'YAML'

# soak: short first-stage timeouts so that a frozen upstream trips them (defaults are 10 s / 30 s)
resilience:
  search: { attempt_timeout_ms: 2000, total_timeout_ms: 4000, retries: 2, retry_backoff_ms: 50 }
  breaker: { failure_ratio: 0.5, minimum_throughput: 20, sampling_ms: 10000, break_ms: 3000 }
YAML
cp "$good" "$live"

cleanup() {
  local pid
  if [ -f "$RUN_DIR/standin.pid" ]; then kill -CONT "$(cat "$RUN_DIR/standin.pid")" 2>/dev/null || true; fi
  for pid in ${wrk_pids:-}; do kill "$pid" 2>/dev/null || true; done
  "$here/down.sh" >/dev/null 2>&1 || true
}
trap cleanup EXIT INT TERM

log "soak: $minutes min, stand-in 127.0.0.1:$UPSTREAM_PORT, sidecar 127.0.0.1:$SIDECAR_PORT, run dir $RUN_DIR"
SIDECAR_CONFIG="$live" SIDECAR_USER_ID_KEY="${SIDECAR_USER_ID_KEY:-soak-user-id-hash-key-0123456789abcdef}" \
  SIDECAR_API_KEY="${SIDECAR_API_KEY:-soak-admin-key}" "$here/up.sh"
sidecar_pid=$(cat "$RUN_DIR/sidecar.pid")
standin_pid=$(cat "$RUN_DIR/standin.pid")
metrics_url="$SIDECAR_URL/_rerank/metrics"
curl -sf "$metrics_url" >"$RUN_DIR/metrics-before.txt"

export SOAK_LUA_DIR="$here/lib/soak" SOAK_QUERIES="$ESCI_DIR/queries.csv"
duration="${minutes}m"
wrk_pids=""
start_wrk() { # start_wrk KIND CONNECTIONS
  timeout $((minutes * 60 + 60)) wrk -t1 -c"$2" -d"$duration" --timeout 15s -s "$SOAK_LUA_DIR/$1.lua" "$SIDECAR_URL" \
    >"$RUN_DIR/wrk-$1.log" 2>&1 &
  wrk_pids="$wrk_pids $!"
}
start_wrk search "$connections"
start_wrk passthrough 1
start_wrk writes 1
start_wrk bad 1

rss() { awk '/^VmRSS:/ {print $2}' "/proc/$sidecar_pid/status" 2>/dev/null || echo 0; }
started=$(date +%s)
end=$((started + minutes * 60))
echo "elapsed_s,rss_kb" >"$RUN_DIR/rss.csv"
next_sample=$started
frozen_in=-1
broken_in=-1
while :; do
  now=$(date +%s)
  [ "$now" -lt "$end" ] || break
  kill -0 "$sidecar_pid" 2>/dev/null || { echo "sidecar died at +$((now - started)) s" >>"$RUN_DIR/events.log"; break; }
  if [ "$now" -ge "$next_sample" ]; then
    echo "$((now - started)),$(rss)" >>"$RUN_DIR/rss.csv"
    next_sample=$((next_sample + 10))
  fi
  elapsed=$((now - started))
  minute=$((elapsed / 60))
  second=$((elapsed % 60))
  if [ "$second" -ge 20 ] && [ "$frozen_in" != "$minute" ] && [ "$((end - now))" -gt "$((freeze_s + 2))" ]; then
    frozen_in=$minute
    echo "+$elapsed s: SIGSTOP stand-in for $freeze_s s" >>"$RUN_DIR/events.log"
    kill -STOP "$standin_pid"
    sleep "$freeze_s"
    kill -CONT "$standin_pid"
    echo "+$(($(date +%s) - started)) s: SIGCONT stand-in" >>"$RUN_DIR/events.log"
    continue
  fi
  if [ "$second" -ge 40 ] && [ "$broken_in" != "$minute" ] && [ "$((end - now))" -gt 5 ]; then
    broken_in=$minute
    echo "+$elapsed s: broken configuration written" >>"$RUN_DIR/events.log"
    cp "$ROOT/config/examples/broken.yaml" "$live.tmp" && mv "$live.tmp" "$live"
    sleep 3
    cp "$good" "$live.tmp" && mv "$live.tmp" "$live"
    echo "+$(($(date +%s) - started)) s: good configuration restored" >>"$RUN_DIR/events.log"
    continue
  fi
  sleep 1
done
echo "$(($(date +%s) - started)),$(rss)" >>"$RUN_DIR/rss.csv"

for pid in $wrk_pids; do wait "$pid" 2>/dev/null || true; done
wrk_pids=""
sleep 2
# Who answers each bad request: the sidecar's status next to the stand-in's for the same request (a 5xx from
# the sidecar is acceptable only where the upstream itself answers 5xx).
probe() { # probe NAME METHOD PATH BODY [HEADER]
  local name="$1" method="$2" path="$3" body="$4" header="${5:-X-Soak: probe}" s u r
  s=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X "$method" "$SIDECAR_URL$path" -H 'Content-Type: application/json' -H "$header" --data-binary "$body" || true)
  r=$(curl -s -D - -o /dev/null --max-time 10 -X "$method" "$SIDECAR_URL$path" -H 'Content-Type: application/json' -H "$header" --data-binary "$body" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-rerank" {print $2}' || true)
  u=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X "$method" "$UPSTREAM_URL$path" -H 'Content-Type: application/json' -H "$header" --data-binary "$body" || true)
  printf '  %-28s sidecar %s  upstream %s  %s\n' "$name" "$s" "$u" "${r:+X-Rerank: $r}"
}
probes() {
  probe "malformed json" POST /products/_search '{"query": {"match": '
  probe "size as string" POST /products/_search '{"size":"ten"}'
  probe "negative from, huge size" POST /products/_search '{"from":-5,"size":99999999999}'
  probe "size=1e9 in url" POST '/products/_search?size=1e9' '{}'
  probe "invalid utf-8" POST /products/_search "$(printf '{"query":{"match":{"title":"\xff\xfe bad"}}}')"
  probe "deep nesting (300)" POST /products/_search "{\"query\":$(printf '{"bool":{"must":[%.0s' $(seq 300))$(printf ']}}%.0s' $(seq 300))}"
  probe "array body" POST /products/_search '[1,2,3]'
  probe "unknown method" BREW /products/_search ''
  probe "DELETE /_rerank/health" DELETE /_rerank/health ''
  probe "unknown sidecar endpoint" GET /_rerank/nope ''
  probe "events without key" POST /_rerank/events '{"events":['
  probe "bulk with broken line" POST /_bulk $'{"index":{"_index":"products"}}\nnot json\n'
  probe "gzip header, plain body" POST /products/_search 'not gzip' 'Content-Encoding: gzip'
}
probe_report=$(probes 2>&1 || true)

alive=yes; kill -0 "$sidecar_pid" 2>/dev/null || alive=no
health=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$SIDECAR_URL/_rerank/health" || true)
curl -sf "$metrics_url" >"$RUN_DIR/metrics-after.txt" || true

{
  echo "# Sidecar soak report"
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)   duration: $minutes min   machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
  echo "command: ./scripts/soak.sh --minutes $minutes   (search connections: $connections, freeze: ${freeze_s}s/min)"
  echo
  echo "## Load (wrk, one process per kind) and HTTP statuses"
  grep -h '^SOAK ' "$RUN_DIR"/wrk-*.log || echo "(no wrk summary: see $RUN_DIR/wrk-*.log)"
  for k in search passthrough writes bad; do
    rps=$(awk '/^Requests\/sec/ {print $2}' "$RUN_DIR/wrk-$k.log" 2>/dev/null)
    echo "  $k: ${rps:-?} req/s"
  done
  echo
  echo "## Sidecar metrics at the end"
  echo "rerank outcomes (X-Rerank):"
  grep '^sidecar_rerank_outcomes_total' "$RUN_DIR/metrics-after.txt" | sed 's/^/  /' || true
  echo "requests by route and outcome:"
  grep '^sidecar_request_duration_seconds_count' "$RUN_DIR/metrics-after.txt" | sed 's/^/  /' || true
  echo "config reloads:"
  grep '^sidecar_config_reloads_total' "$RUN_DIR/metrics-after.txt" | sed 's/^/  /' || echo "  (none counted)"
  grep -E '^sidecar_upstream_breaker_state|^sidecar_enriched_documents_total' "$RUN_DIR/metrics-after.txt" | sed 's/^/  /' || true
  echo
  echo "## Bad requests: who answers what (one probe each after the run)"
  echo "$probe_report"
  echo
  echo "## Faults injected"
  sed 's/^/  /' "$RUN_DIR/events.log" 2>/dev/null || true
  echo "  sidecar log: $(grep -c 'Configuration rejected' "$RUN_DIR/sidecar.log" || true) rejected reloads, $(grep -c 'Configuration reloaded' "$RUN_DIR/sidecar.log" || true) applied reloads, $(grep -c 'Upstream request failed' "$RUN_DIR/sidecar.log" || true) upstream failures logged"
  echo
  echo "## RSS (sidecar process, sampled every 10 s)"
  awk -F, -v end="$((minutes * 60))" 'NR > 1 {
      n++; if ($2 > max) max = $2
      if ($1 < 60) { f += $2; fn++ }
      if ($1 >= end - 60) { l += $2; ln++ }
    }
    END {
      if (fn == 0 || ln == 0) { print "  not enough samples"; exit }
      printf "  samples: %d, max: %.1f MiB\n", n, max / 1024
      printf "  first minute mean: %.1f MiB, last minute mean: %.1f MiB, growth: %+.1f MiB (%+.1f%%)\n",
        f / fn / 1024, l / ln / 1024, (l / ln - f / fn) / 1024, 100 * (l / ln - f / fn) / (f / fn)
    }' "$RUN_DIR/rss.csv"
  echo "  series (s,kB): $(tail -n +2 "$RUN_DIR/rss.csv" | tr '\n' ' ')"
  echo
  echo "## End state"
  echo "  sidecar alive: $alive, /_rerank/health: $health"
} | tee "$RUN_DIR/soak-report.txt"
[ "$alive" = yes ] && [ "$health" = 200 ]
