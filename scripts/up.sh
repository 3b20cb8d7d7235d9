#!/usr/bin/env bash
# Starts, in the background, the Elasticsearch stand-in on 127.0.0.1:$UPSTREAM_PORT (default 9200) with the
# ESCI catalogue in index `products`, and the sidecar on 127.0.0.1:$SIDECAR_PORT (default 9280) in front of it.
# Returns once both answer. Stop them with ./scripts/down.sh.
#   SIDECAR_API_KEY  admin key for /_rerank/ endpoints (a dev default is generated and printed if unset)
#   SIDECAR_USER_ID_KEY  key of the keyed hash of user ids (personalization; generated if unset)
#   SIDECAR_BIN      run this sidecar binary (e.g. the native AOT publish) instead of the built one
#   SIDECAR_CONFIG   configuration file (default config/sidecar.yaml)
#   SKIP_BUILD=1     use what is already built
#   NO_EMBEDDINGS=1  load the catalogue without item embeddings (fast; semantic features then get their missing value)
source "$(dirname "$0")/lib/common.sh"
need curl
need jq

mkdir -p "$RUN_DIR"
if pid_alive "$RUN_DIR/standin.pid" || pid_alive "$RUN_DIR/sidecar.pid"; then
  die "already running (see $RUN_DIR); run ./scripts/down.sh first"
fi
[ -f "$ESCI_DIR/products.jsonl" ] || die "ESCI catalogue not found at $ESCI_DIR (set ESCI_DIR)"

if [ -z "${SKIP_BUILD:-}" ]; then
  log "building ($CONFIGURATION)"
  dotnet build "$ROOT/tests/Sidecar.StandIn" -c "$CONFIGURATION" -v q -nologo >"$RUN_DIR/build.log" 2>&1 || { tail -30 "$RUN_DIR/build.log"; die "build failed"; }
  if [ -z "${SIDECAR_BIN:-}" ]; then
    dotnet build "$ROOT/src/Sidecar" -c "$CONFIGURATION" -v q -nologo >>"$RUN_DIR/build.log" 2>&1 || { tail -30 "$RUN_DIR/build.log"; die "build failed"; }
  fi
fi

log "starting the Elasticsearch stand-in on $UPSTREAM_URL"
nohup dotnet "$ROOT/tests/Sidecar.StandIn/bin/$CONFIGURATION/net10.0/Sidecar.StandIn.dll" --urls "$UPSTREAM_URL" \
  </dev/null >"$RUN_DIR/standin.log" 2>&1 &
echo $! >"$RUN_DIR/standin.pid"
wait_http "$UPSTREAM_URL/" 60 || { tail -20 "$RUN_DIR/standin.log"; die "stand-in did not start"; }

config="${SIDECAR_CONFIG:-$ROOT/config/sidecar.yaml}"
if [ -n "${SIDECAR_BIN:-}" ]; then
  cmd=("$SIDECAR_BIN")
else
  cmd=(dotnet "$ROOT/src/Sidecar/bin/$CONFIGURATION/net10.0/sidecar.dll")
fi

bulk_load() { # bulk_load FILE LINES_PER_REQUEST: NDJSON bulk lines into the stand-in
  split -l "$2" "$1" "$RUN_DIR/chunk."
  for chunk in "$RUN_DIR"/chunk.*; do
    errors=$(curl -sf -X POST "$UPSTREAM_URL/_bulk" -H 'Content-Type: application/x-ndjson' --data-binary @"$chunk" | jq -r '.errors') \
      || die "bulk load failed"
    [ "$errors" = false ] || die "bulk load reported errors"
    rm -f "$chunk"
  done
}

curl -sf -X DELETE "$UPSTREAM_URL/products" >/dev/null 2>&1 || true
curl -sf -X PUT "$UPSTREAM_URL/products" -H 'Content-Type: application/json' -d @"$ROOT/scripts/lib/products-mapping.json" >/dev/null \
  || die "could not create index products"

# Item embeddings are computed once per catalogue and model settings (a few minutes on 2 cores, with the
# backfill command and its progress bar), then cached under artifacts/cache so later starts load in seconds.
key=$({ sha256sum <"$ESCI_DIR/products.jsonl"; grep -E '^\s*(preset|bundle|model_path|vocab_path|pooling|document_prefix|max_document_tokens|field|text_fields|separator|max_text_chars):' "$config"; } | sha256sum | cut -c1-16)
cache="$ROOT/artifacts/cache/products-$key.ndjson"
if [ -f "$cache" ] && [ -z "${NO_EMBEDDINGS:-}" ]; then
  log "loading $(wc -l <"$ESCI_DIR/products.jsonl") products with cached embeddings into index 'products'"
  bulk_load "$cache" 2000
  curl -sf -X POST "$UPSTREAM_URL/products/_refresh" >/dev/null
else
  log "loading $(wc -l <"$ESCI_DIR/products.jsonl") products into index 'products'"
  jq -c '{index: {_index: "products", _id: .asin}}, .' "$ESCI_DIR/products.jsonl" >"$RUN_DIR/products.ndjson"
  bulk_load "$RUN_DIR/products.ndjson" 4000
  rm -f "$RUN_DIR/products.ndjson"
  curl -sf -X POST "$UPSTREAM_URL/products/_refresh" >/dev/null
  if [ -z "${NO_EMBEDDINGS:-}" ]; then
    log "computing item embeddings (sidecar embed-index; cached afterwards)"
    (cd "$ROOT" && "${cmd[@]}" embed-index --index products --batch-size 128 --threads "$(nproc)" --config "$config" --upstream "$UPSTREAM_URL") \
      || die "embedding the catalogue failed"
    mkdir -p "$(dirname "$cache")"
    curl -sf "$UPSTREAM_URL/products/_search?size=10000" -H 'Content-Type: application/json' -d '{"query":{"match_all":{}}}' \
      | jq -c '.hits.hits[] | {index: {_index: "products", _id: ._id}}, ._source' >"$cache.tmp" && mv "$cache.tmp" "$cache"
  fi
fi
log "indexed $(curl -sf "$UPSTREAM_URL/products/_count" | jq -r .count) products"

if [ -z "${SIDECAR_API_KEY:-}" ]; then
  SIDECAR_API_KEY="dev-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  log "SIDECAR_API_KEY not set; using dev key: $SIDECAR_API_KEY"
fi
echo "$SIDECAR_API_KEY" >"$RUN_DIR/api-key"
chmod 600 "$RUN_DIR/api-key"
if [ -z "${SIDECAR_USER_ID_KEY:-}" ]; then
  # The key of the keyed hash that replaces user ids in the events and profiles indices (personalization).
  SIDECAR_USER_ID_KEY="dev-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  log "SIDECAR_USER_ID_KEY not set; using a generated dev key (profiles are tied to it)"
fi
export SIDECAR_USER_ID_KEY

log "starting the sidecar on $SIDECAR_URL (config $config)"
cd "$ROOT"
SIDECAR_API_KEY="$SIDECAR_API_KEY" nohup "${cmd[@]}" --config "$config" --listen "$SIDECAR_URL" --upstream "$UPSTREAM_URL" \
  </dev/null >"$RUN_DIR/sidecar.log" 2>&1 &
echo $! >"$RUN_DIR/sidecar.pid"
wait_http "$SIDECAR_URL/_rerank/ready" 60 || { tail -20 "$RUN_DIR/sidecar.log"; die "sidecar did not start"; }
log "ready: Elasticsearch stand-in $UPSTREAM_URL, sidecar $SIDECAR_URL (logs in $RUN_DIR)"
