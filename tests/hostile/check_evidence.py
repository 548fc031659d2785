#!/usr/bin/env python3
"""Reads a pooltest output folder the way a lab's own tools would: every
line of evidence.jsonl and results.json with Python's json module, at its
default recursion limit. Exit 0 and "ok: N evidence lines" when all parse
as JSON objects; 1 and the first offending line otherwise."""
import json
import sys


def main(out_dir):
    n = 0
    with open(out_dir + "/evidence.jsonl", "rb") as f:
        for n, raw in enumerate(f, 1):
            try:
                record = json.loads(raw)
            except (ValueError, RecursionError) as e:
                print("evidence.jsonl line %d (%d bytes): %s: %s"
                      % (n, len(raw), type(e).__name__, str(e)[:200]))
                return 1
            if not isinstance(record, dict):
                print("evidence.jsonl line %d is not a JSON object" % n)
                return 1
    if n == 0:
        print("evidence.jsonl is empty")
        return 1
    try:
        with open(out_dir + "/results.json", "rb") as f:
            json.load(f)
    except (OSError, ValueError, RecursionError) as e:
        print("results.json: %s: %s" % (type(e).__name__, str(e)[:200]))
        return 1
    print("ok: %d evidence lines" % n)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
