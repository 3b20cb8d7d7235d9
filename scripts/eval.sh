#!/usr/bin/env bash
# Relevance evaluation on a judged query set (default: the ESCI dev split in ../shared/data/esci).
# For each query, the same BM25 first-stage search goes to the Elasticsearch stand-in (baseline) and through
# the sidecar (reranked); prints Recall@100, a per-feature ablation of the sidecar's profile (in-process over
# the same windows) and ends with the line `ndcg@10 baseline=<x> reranked=<y>` (gain 2^grade-1, ideal DCG
# from all judged products of the query, unjudged hits gain 0).
#   ./scripts/eval.sh [--queries FILE --judgments FILE] [--verbose] [--grid] [--config FILE] [--help: every option]
#     --grid           also search the weights of the profile's features on this set (prints the best ones)
#     --config FILE    evaluate another YAML in-process only (ablation mode; the sidecar is not searched)
# Starts ./scripts/up.sh when the sidecar is not answering (and leaves it running, like demo.sh).
#   SKIP_BUILD=1     use the evaluation tool already built
source "$(dirname "$0")/lib/common.sh"
need curl

args=()
queries="$ESCI_DIR/queries.csv"
judgments="$ESCI_DIR/judgments.csv"
in_process=0
help=0
while [ $# -gt 0 ]; do
  case "$1" in
    --queries) queries="${2:?--queries needs a file}"; shift 2 ;;
    --judgments) judgments="${2:?--judgments needs a file}"; shift 2 ;;
    --config)
      [ -f "${2:?--config needs a file}" ] || die "config file not found: $2"
      args+=("$1" "$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"); in_process=1; shift 2 ;;
    --help | -h) help=1; args+=("$1"); shift ;;
    *) args+=("$1"); shift ;;
  esac
done
[ -f "$queries" ] || die "queries file not found: $queries"
[ -f "$judgments" ] || die "judgments file not found: $judgments"
queries="$(cd "$(dirname "$queries")" && pwd)/$(basename "$queries")"
judgments="$(cd "$(dirname "$judgments")" && pwd)/$(basename "$judgments")"

mkdir -p "$RUN_DIR"
if [ -z "${SKIP_BUILD:-}" ]; then
  log "building the evaluation ($CONFIGURATION)"
  dotnet build "$ROOT/tests/Sidecar.Eval" -c "$CONFIGURATION" -v q -nologo >"$RUN_DIR/eval-build.log" 2>&1 \
    || { tail -30 "$RUN_DIR/eval-build.log"; die "build failed"; }
fi

# The stack: the sidecar must answer (with --config only the stand-in is searched).
if [ "$in_process" = 1 ]; then probe="$UPSTREAM_URL/"; else probe="$SIDECAR_URL/_rerank/ready"; fi
if [ "$help" = 0 ] && ! curl -sf -o /dev/null --max-time 2 "$probe"; then
  "$ROOT/scripts/up.sh"
  log "the stand-in ($UPSTREAM_URL) and the sidecar ($SIDECAR_URL) keep running: ./scripts/down.sh stops them"
fi

cd "$ROOT"
exec dotnet "$ROOT/tests/Sidecar.Eval/bin/$CONFIGURATION/net10.0/Sidecar.Eval.dll" \
  --queries "$queries" --judgments "$judgments" --upstream "$UPSTREAM_URL" --sidecar "$SIDECAR_URL" "${args[@]}"
