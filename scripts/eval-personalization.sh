#!/usr/bin/env bash
# Personalization evaluation (issue 4, item 7): simulated users over the ESCI catalogue send their history through
# the REAL events API (POST /_rerank/events), then held-out searches go through the REAL search path
# (POST /products/_search on the sidecar) with X-User-Id and anonymously. Ends with the line
# `ndcg@10 anonymous=<x> personalized=<y>` (users with history, held-out queries their preferences meet).
#
# Simulation model (deterministic from --seed, default 42; tests/Sidecar.PersonalizationEval/Simulation.cs):
#   preferences: anchor = a product judged grade >= 2 for a query drawn uniformly (among products with a brand);
#     brands = the anchor's brand, plus with p=0.5 the brand of another relevant product of the same top-level category;
#     category = the anchor's category path, all its levels (when it has one; --category-depth N keeps the first N
#     levels, e.g. 2 = "Clothing, Shoes & Jewelry > Women"); price band = the anchor's band of
#     personalization.price_bands [10, 25, 50, 100, 250, 500] (when it has a price);
#     a product matches when its brand is preferred OR its category starts with the preferred prefix OR its price is
#     in the preferred band; affine queries = queries with a grade >= 2 judged product that matches; anchors with
#     fewer than held-out + 3 affine queries are redrawn.
#   queries: 5 held-out = drawn from the affine queries; 1 off-preference held-out = drawn from the queries with no
#     matching judged product; 20 training = up to half from the remaining affine queries, the rest from the other
#     queries (never a held-out one).
#   history: per training query, one session at a uniform time in the past 30 days over the sidecar's anonymous
#     top 20 for that query; P(examine rank r) = 1/(r+1)^0.7; P(click | examined) = 0.1 + 0.7 * [matches] *
#     (grade >= 2 ? 1 : 0.3) (unjudged: grade 0); a click sends `click`, then `add_to_cart` with p=0.3, then
#     `purchase` with p=0.5 (no view events).
#   gain of product p for user u and query q: (2^grade - 1) * (1 + [p matches u's preferences]) for grade >= 1,
#     0 for grade 0 or unjudged; ideal DCG from all judged products of q under that gain. The anonymous and the
#     personalized list are scored with the same user's gain. Users WITHOUT history (fresh ids) make the same kind
#     of held-out searches: their orders must be identical to anonymous.
#   Only answers with `X-Rerank: applied` exactly count (a pair counts when both sides are); others are retried
#   (--retries, default 2) and the report lists every outcome (personalization=unavailable, skipped; reason=...).
#
#   The report also prints a ceiling: each held-out query's anonymous window reordered by score + w * [matches]
#   (perfect knowledge of the preferences), best w: what any weights of a weighted sum could reach under this gain.
#
#   ./scripts/eval-personalization.sh [--users 50 --train 20 --heldout 5 --offpref 1 --fresh 20 --seed 42 --category-depth 0]
#       [--weights user_price=0.3,user_price.neighbor_weight=0] [--sweep "user_category=0.1|0.3,user_interest=0.1|0.2"]
#       [--verbose] [--keep] [--lookup-timeout-ms MS] [--budget-ms MS] [--help: every option]
#   (--weights/--sweep: `feature=w` sets a weight, `feature.key=x` another numeric key of that feature)
#
# Stack: its own, so it never touches a dev stack's profiles: UPSTREAM_PORT (default 9230), SIDECAR_PORT (default
# 9330), RUN_DIR (default .run/personalization-eval). When the sidecar there does not answer, the script writes a
# copy of $SIDECAR_CONFIG (default config/sidecar.yaml) to $RUN_DIR/sidecar.yaml, with the shipped limits unless
# --lookup-timeout-ms / --budget-ms raise personalization.lookup.timeout_ms and profiles' budget_ms (20 and 50 ms in
# config/sidecar.yaml; on a heavily loaded machine some searches may then answer `personalization=unavailable` or
# `skipped; reason=budget`, which are retried twice and otherwise not counted; the limits decide only WHETHER a
# search is reranked in time, never its order), exports
# SIDECAR_USER_ID_KEY (random unless set) and SIDECAR_API_KEY (random unless set), starts ./scripts/up.sh and stops
# it with ./scripts/down.sh at the end (--keep leaves it running). --weights and --sweep edit that copy (the sidecar
# hot-reloads it) and restore it afterwards; config/sidecar.yaml is never modified.
#   SKIP_BUILD=1     use what is already built (the evaluation tool, and the stack's binaries)
script_dir="$(cd "$(dirname "$0")" && pwd)"
: "${UPSTREAM_PORT:=9230}" "${SIDECAR_PORT:=9330}" "${RUN_DIR:=$(cd "$script_dir/.." && pwd)/.run/personalization-eval}"
export UPSTREAM_PORT SIDECAR_PORT RUN_DIR
source "$script_dir/lib/common.sh"
need curl
need jq

args=()
keep=0
help=0
lookup_timeout_ms=""
budget_ms=""
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) keep=1; shift ;;
    --lookup-timeout-ms) lookup_timeout_ms="${2:?--lookup-timeout-ms needs a value}"; shift 2 ;;
    --budget-ms) budget_ms="${2:?--budget-ms needs a value}"; shift 2 ;;
    --help | -h) help=1; args+=("$1"); shift ;;
    *) args+=("$1"); shift ;;
  esac
done

mkdir -p "$RUN_DIR"
if [ -z "${SKIP_BUILD:-}" ]; then
  log "building the personalization evaluation ($CONFIGURATION)"
  dotnet build "$ROOT/tests/Sidecar.PersonalizationEval" -c "$CONFIGURATION" -v q -nologo >"$RUN_DIR/eval-build.log" 2>&1 \
    || { tail -30 "$RUN_DIR/eval-build.log"; die "build failed"; }
fi
tool=(dotnet "$ROOT/tests/Sidecar.PersonalizationEval/bin/$CONFIGURATION/net10.0/Sidecar.PersonalizationEval.dll")
if [ "$help" = 1 ]; then
  SIDECAR_API_KEY="${SIDECAR_API_KEY:-x}" "${tool[@]}" --help
  exit 0
fi
[ -f "$ESCI_DIR/products.jsonl" ] || die "ESCI catalogue not found at $ESCI_DIR (set ESCI_DIR)"

copy="$RUN_DIR/sidecar.yaml"
started=0
stop_stack() {
  if [ "$started" = 1 ] && [ "$keep" = 0 ]; then
    "$ROOT/scripts/down.sh" || true
  fi
}
trap stop_stack EXIT

if curl -sf -o /dev/null --max-time 2 "$SIDECAR_URL/_rerank/ready"; then
  log "using the sidecar already running on $SIDECAR_URL"
  if [ -z "${SIDECAR_API_KEY:-}" ] && [ -f "$RUN_DIR/api-key" ]; then SIDECAR_API_KEY="$(cat "$RUN_DIR/api-key")"; fi
  [ -n "${SIDECAR_API_KEY:-}" ] || die "set SIDECAR_API_KEY to the admin key of the sidecar on $SIDECAR_URL"
  export SIDECAR_API_KEY
  source_file=$(curl -sf "$SIDECAR_URL/_rerank/config" -H "X-Rerank-Api-Key: $SIDECAR_API_KEY" | jq -r '.source // empty') \
    || die "GET $SIDECAR_URL/_rerank/config failed (wrong SIDECAR_API_KEY?)"
  if [ "$source_file" != "$copy" ]; then
    log "that sidecar runs $source_file, not $copy: --weights/--sweep are unavailable, and its own timeouts apply"
    copy=""
  fi
else
  src="${SIDECAR_CONFIG:-$ROOT/config/sidecar.yaml}"
  limits=()
  [ -z "$lookup_timeout_ms" ] || limits+=(--set "personalization.lookup.timeout_ms=$lookup_timeout_ms")
  [ -z "$budget_ms" ] || limits+=(--set "profiles.budget_ms=$budget_ms")
  log "writing $copy from $src (${limits[*]:-the shipped limits})"
  "${tool[@]}" prepare-config --from "$src" --to "$copy" "${limits[@]}" || die "could not prepare $copy"
  export SIDECAR_USER_ID_KEY="${SIDECAR_USER_ID_KEY:-$(head -c 24 /dev/urandom | base64)}"
  export SIDECAR_API_KEY="${SIDECAR_API_KEY:-pe-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
  started=1
  SIDECAR_CONFIG="$copy" "$ROOT/scripts/up.sh"
fi

config_args=()
if [ -n "$copy" ]; then config_args=(--config-file "$copy"); fi
cd "$ROOT"
status=0
"${tool[@]}" --esci "$ESCI_DIR" --sidecar "$SIDECAR_URL" --api-key "$SIDECAR_API_KEY" "${config_args[@]}" "${args[@]}" || status=$?
if [ "$started" = 1 ] && [ "$keep" = 1 ]; then
  log "the stack keeps running on $UPSTREAM_URL / $SIDECAR_URL: RUN_DIR=$RUN_DIR UPSTREAM_PORT=$UPSTREAM_PORT SIDECAR_PORT=$SIDECAR_PORT ./scripts/down.sh stops it"
fi
exit "$status"
