#!/usr/bin/env python3
"""Writes canned Elasticsearch search responses for scripts/bench.sh.

    bench_canned.py PRODUCTS_JSONL OUT_DIR N [N ...]

For each N, OUT_DIR/search-N.json holds an N-hit Elasticsearch response with the first N products of the ESCI
catalogue in file order: _index, _id (the ASIN), a falling BM25-like _score, the product as _source (bytes as in
the catalogue) plus an `embedding` of 384 floats, as an indexed catalogue carries. The vectors are unit
vectors from a fixed seed (the figures measure bytes and parsing, not relevance), written in the shortest form
that round-trips a float32, as the sidecar's own enrichment writes them. A size written `Nn` (e.g. 100n) gives
OUT_DIR/search-Nn.json: the same hits without `embedding`: what Elasticsearch answers the sidecar's first stage
with `vectors_from: cache` (it leaves the vector field out), and any search on a 9.2+ index by default.
OUT_DIR/_mget holds an _mget answer with the `embedding` of each of those products (the vectors the sidecar fetches
once for hits missing from its item cache).
"""
import math
import random
import struct
import sys

DIMS = 384


def f32(x):
    return struct.unpack("f", struct.pack("f", x))[0]


def shortest_f32(x):
    """The shortest decimal that reads back as the same float32 (what .NET's float formatting writes)."""
    target = f32(x)
    for digits in range(1, 10):
        text = "%.*g" % (digits, target)
        if f32(float(text)) == target:
            return text
    return repr(target)


def unit_vector(rng):
    v = [rng.gauss(0.0, 1.0) for _ in range(DIMS)]
    norm = math.sqrt(sum(x * x for x in v))
    return [x / norm for x in v]


def score(rank):
    return round(14.5 / (1 + 0.02 * rank), 4)


def main():
    products_path, out_dir, names = sys.argv[1], sys.argv[2], sys.argv[3:]
    most = max(int(n.rstrip("n")) for n in names)
    with open(products_path, "rb") as f:
        products = [line.rstrip(b"\r\n") for _, line in zip(range(most), f)]
    if len(products) < most:
        sys.exit(f"{products_path} has {len(products)} products, fewer than {most}")

    rng = random.Random(42)
    hits, plain, docs = [], [], []
    for i, line in enumerate(products):
        asin = line.rsplit(b'"asin": "', 1)[1].split(b'"', 1)[0] if b'"asin": "' in line else str(i).encode()
        vector = b",".join(shortest_f32(x).encode() for x in unit_vector(rng))
        head = b'{"_index":"products","_id":"' + asin + b'","_score":' + repr(score(i)).encode() + b',"_source":'
        hits.append(head + line[: line.rindex(b"}")] + b', "embedding": [' + vector + b"]}}")
        plain.append(head + line + b"}")
        docs.append(b'{"_index":"products","_id":"' + asin + b'","_version":1,"_seq_no":' + str(i).encode()
                    + b',"_primary_term":1,"found":true,"_source":{"embedding":[' + vector + b"]}}")

    for name in names:
        n = int(name.rstrip("n"))
        chosen = plain if name.endswith("n") else hits
        body = (b'{"took":7,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},'
                b'"hits":{"total":{"value":10000,"relation":"gte"},"max_score":' + repr(score(0)).encode()
                + b',"hits":[' + b",".join(chosen[:n]) + b"]}}")
        with open(f"{out_dir}/search-{name}.json", "wb") as f:
            f.write(body)
        print(f"{out_dir}/search-{name}.json: {n} hits, {len(body):,} bytes", file=sys.stderr)
    with open(f"{out_dir}/_mget", "wb") as f:
        f.write(b'{"docs":[' + b",".join(docs) + b"]}")


if __name__ == "__main__":
    main()
