# Shared helpers for the scripts. Source it; do not run it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN_DIR="${RUN_DIR:-$ROOT/.run}"
UPSTREAM_PORT="${UPSTREAM_PORT:-9200}"
SIDECAR_PORT="${SIDECAR_PORT:-9280}"
UPSTREAM_URL="http://127.0.0.1:${UPSTREAM_PORT}"
SIDECAR_URL="http://127.0.0.1:${SIDECAR_PORT}"
# The ESCI catalogue: $ESCI_DIR, else ../shared/data/esci beside the checkout, else /work/shared/data/esci.
if [ -z "${ESCI_DIR:-}" ]; then
  for candidate in "$ROOT/../shared/data/esci" "/work/shared/data/esci"; do
    if [ -f "$candidate/products.jsonl" ]; then ESCI_DIR="$(cd "$candidate" && pwd)"; break; fi
  done
  ESCI_DIR="${ESCI_DIR:-$ROOT/../shared/data/esci}"
fi
CONFIGURATION="${CONFIGURATION:-Release}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# Installs a Debian package when its command is missing (CI machines start bare).
need() {
  local cmd="$1" pkg="${2:-$1}"
  command -v "$cmd" >/dev/null 2>&1 && return 0
  log "installing $pkg"
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && apt-get install -y -qq "$pkg") >/dev/null 2>&1 || die "could not install $pkg"
  else
    (sudo apt-get update -qq && sudo apt-get install -y -qq "$pkg") >/dev/null 2>&1 || die "could not install $pkg"
  fi
}

# wait_http URL SECONDS: waits until URL answers with any HTTP status below 500.
wait_http() {
  local url="$1" seconds="${2:-60}" i code
  for ((i = 0; i < seconds * 10; i++)); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" || true)
    if [ -n "$code" ] && [ "$code" != 000 ] && [ "$code" -lt 500 ]; then return 0; fi
    sleep 0.1
  done
  return 1
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
