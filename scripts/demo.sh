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

# Personalisation: two shoppers with different histories search the same thing.
key=$(cat "$RUN_DIR/api-key" 2>/dev/null || echo "${SIDECAR_API_KEY:-}")
asins() { # asins BRAND N: ids of the top N headphones of BRAND in the catalogue
  curl -sf "$UPSTREAM_URL/products/_search" -H 'Content-Type: application/json' \
    -d "$(jq -cn --arg b "$1" --argjson n "$2" '{size: $n, _source: false, query: {bool: {filter: [{term: {"brand.keyword": $b}}], must: [{match: {title: "headphones earbuds"}}]}}}')" \
    | jq -r '.hits.hits[]._id'
}
events() { # events USER BRAND: a click and an add-to-cart of a few of BRAND's headphones, over the last days
  local user="$1" q="$2" i=0
  for id in $(asins "$q" 4); do
    i=$((i + 1))
    jq -cn --arg u "$user" --arg id "$id" --arg q "$q" --argjson i "$i" \
      '[{event_id: "\($u)-click-\($id)", user_id: $u, type: "click", item_id: $id, index: "products", query: $q, timestamp: ((now - 86400 * $i) * 1000 | floor)},
        {event_id: "\($u)-cart-\($id)", user_id: $u, type: "add_to_cart", item_id: $id, index: "products", timestamp: ((now - 86400 * $i) * 1000 | floor)}] | .[]'
  done | jq -cs .
}
personal_top() { # personal_top USER: the sidecar's top 5 for the demo query as USER
  local headers=(-H 'Content-Type: application/json')
  [ -n "$1" ] && headers+=(-H "X-User-Id: $1")
  curl -sf "$SIDECAR_URL/products/_search" "${headers[@]}" -d "$body" >/dev/null # warms the profile cache
  curl -sf -D "$RUN_DIR/demo-headers" "$SIDECAR_URL/products/_search" "${headers[@]}" -d "$body" \
    | jq -r '.hits.hits[0:5] | to_entries[] | "    \(.key + 1). \(.value._id)  \(.value._source.brand // "-" | .[0:10] | . + (" " * (10 - length)))  \(.value._source.title[0:58])"'
  echo "    (X-Rerank: $(grep -i '^x-rerank:' "$RUN_DIR/demo-headers" | cut -d' ' -f2- | tr -d '\r'))"
}
if [ -n "$key" ]; then
  echo
  echo "Personalised: two shoppers searching \"$query\" after different histories"
  for spec in "${DEMO_USER_A:-alice}:Bose" "${DEMO_USER_B:-bob}:Sony"; do
    user="${spec%%:*}"; interest="${spec#*:}"
    result=$(curl -sf "$SIDECAR_URL/_rerank/events" -H "X-Rerank-Api-Key: $key" -H 'Content-Type: application/json' -d "$(events "$user" "$interest")" \
      | jq -r '"\(.accepted) accepted, \(.duplicates) duplicates"') || result="events API unavailable"
    echo "  $user clicked $interest headphones and put them in the cart ($result)"
  done
  echo "  anonymous:"
  personal_top ""
  for user in "${DEMO_USER_A:-alice}" "${DEMO_USER_B:-bob}"; do
    echo "  $user:"
    personal_top "$user"
  done
fi

echo
if [ "$started" = 1 ]; then
  echo "The stand-in ($UPSTREAM_URL) and the sidecar ($SIDECAR_URL) keep running: try your own searches, then ./scripts/down.sh"
fi
