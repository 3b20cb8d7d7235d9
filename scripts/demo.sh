#!/usr/bin/env bash
# The quickstart: starts the Elasticsearch stand-in with the ESCI catalogue and the sidecar in front
# (./scripts/up.sh, unless already running), then shows one search as Elasticsearch ranks it and as the
# sidecar reranks it, with the per-feature explanation of each hit.
#   QUERY="..." ./scripts/demo.sh   to try another query.
source "$(dirname "$0")/lib/common.sh"
need curl
need jq

started=0
if ! curl -sf -o /dev/null --max-time 2 "$SIDECAR_URL/_rerank/ready"; then
  "$ROOT/scripts/up.sh"
  started=1
fi

query="${QUERY:-wireless headphones}"
body=$(jq -cn --arg q "$query" '{size: 10, query: {multi_match: {query: $q, fields: ["title^2", "brand", "category", "bullet_points", "description"]}}}')

echo
echo "Query: \"$query\""
echo
echo "Elasticsearch (first stage, BM25) top 10:"
curl -sf "$UPSTREAM_URL/products/_search" -H 'Content-Type: application/json' -d "$body" \
  | jq -r '.hits.hits | to_entries[] | "  \(.key + 1 | tostring | (" " * (2 - length)) + .). \(._id // .value._id)  \(.value._score | . * 100 | round / 100)  \(.value._source.title[0:70])"'

headers=$(mktemp)
response=$(curl -sf -D "$headers" "$SIDECAR_URL/products/_search" -H 'Content-Type: application/json' -H 'X-Rerank-Explain: true' -d "$body")
echo
echo "Sidecar (reranked: $(grep -i '^x-rerank:' "$headers" | cut -d' ' -f2- | tr -d '\r')) top 10, with the rank each hit had before:"
echo "$response" | jq -r '.hits.hits | to_entries[] | "  \(.key + 1 | tostring | (" " * (2 - length)) + .). \(.value._id)  was #\(.value._rerank.rank_before + 1 | tostring | . + (" " * (3 - length)))  \(.value._source.title[0:70])"'
echo
echo "Why the top hit is first (feature value x weight = contribution):"
echo "$response" | jq -r '.hits.hits[0]._rerank | "  score \(.score | . * 1000 | round / 1000)", (.features | to_entries[] | "  \(.key): \(.value.value | . * 1000 | round / 1000) x \(.value.weight) = \(.value.contribution | . * 1000 | round / 1000)")'
rm -f "$headers"

echo
if [ "$started" = 1 ]; then
  echo "The stand-in ($UPSTREAM_URL) and the sidecar ($SIDECAR_URL) keep running: try your own searches, then ./scripts/down.sh"
fi
