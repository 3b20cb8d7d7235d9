#!/usr/bin/env bash
# Stops what ./scripts/up.sh started.
source "$(dirname "$0")/lib/common.sh"
for name in sidecar standin; do
  pidfile="$RUN_DIR/$name.pid"
  if pid_alive "$pidfile"; then
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    log "stopped $name ($pid)"
  fi
  rm -f "$pidfile"
done
