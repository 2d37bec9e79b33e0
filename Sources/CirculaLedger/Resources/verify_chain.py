#!/usr/bin/env python3
"""Recomputes a Circula ledger's hash chain from an audit bundle, with the Python standard library only.

    python3 verify_chain.py BUNDLE_DIR

Follows hash-chain.md: each line of events.jsonl is one event; its hash is SHA-256 of the canonical JSON of the
event without "hash"; prev_hash links it to the event before (64 zeros for the first). Also checks the
manifest's head and the SHA-256 of every bundle file. Exit status 0 when everything matches, 1 otherwise."""
import hashlib
import json
import os
import sys


def canon(value):
    """Canonical JSON: keys sorted by code point, no whitespace, integers only, minimal string escapes."""
    if isinstance(value, dict):
        return "{" + ",".join(canon_str(k) + ":" + canon(value[k]) for k in sorted(value)) + "}"
    if isinstance(value, list):
        return "[" + ",".join(canon(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return canon_str(value)
    raise ValueError("not allowed in the ledger's JSON (no fractions): %r" % (value,))


def canon_str(text):
    out = ['"']
    for ch in text:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def main(bundle):
    problems = []
    prev, seq, head = "0" * 64, 0, None
    with open(os.path.join(bundle, "events.jsonl"), encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            event = json.loads(line)
            stated = event.pop("hash")
            seq += 1
            if event["seq"] != seq:
                problems.append("line %d: seq %s, expected %d" % (number, event["seq"], seq))
            if event["prev_hash"] != prev:
                problems.append("line %d (%s): prev_hash does not match the previous event's hash" % (number, event["id"]))
            computed = hashlib.sha256(canon(event).encode("utf-8")).hexdigest()
            if computed != stated:
                problems.append("line %d (%s): stated hash %s, recomputed %s" % (number, event["id"], stated, computed))
            prev, head = stated, (event["seq"], stated)
    with open(os.path.join(bundle, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    if head != (manifest["head_seq"], manifest["head_hash"]):
        problems.append("manifest head %s %s, chain ends at %s" % (manifest["head_seq"], manifest["head_hash"], head))
    for name, digest in sorted(manifest["sha256"].items()):
        with open(os.path.join(bundle, name), "rb") as f:
            if hashlib.sha256(f.read()).hexdigest() != digest:
                problems.append("%s: SHA-256 differs from the manifest" % name)
    for p in problems:
        print("BROKEN " + p)
    if not problems:
        print("chain ok: %d events, head %d %s" % (seq, head[0], head[1]) if head else "chain ok: no events")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
