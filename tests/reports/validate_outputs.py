#!/usr/bin/python3
"""Validates a run's outputs against reports/schemas/.

Usage: validate_outputs.py RUN_DIR SCHEMA_DIR

results.json, act.json (when present) and every record of evidence.jsonl must
be valid; broken copies of each must be rejected, so the test fails when a
schema stops checking something. Needs python3-jsonschema (Debian).
"""
import copy
import json
import os
import sys
import warnings

import jsonschema

# RefResolver is deprecated in newer jsonschema; Debian 12's has no successor.
warnings.simplefilter("ignore", DeprecationWarning)


def main(run_dir, schema_dir):
    schemas = {}
    for name in ("results", "act", "evidence-record"):
        with open(os.path.join(schema_dir, name + ".schema.json"), encoding="utf-8") as f:
            schemas[name] = json.load(f)
    store = {s["$id"]: s for s in schemas.values()}

    def validator(name):
        cls = jsonschema.validators.validator_for(schemas[name])
        cls.check_schema(schemas[name])
        resolver = jsonschema.RefResolver.from_schema(schemas[name], store=store)
        return cls(schemas[name], resolver=resolver)

    failures = []

    def expect_valid(name, doc, what):
        errors = sorted(validator(name).iter_errors(doc), key=lambda e: list(e.path))
        for e in errors[:5]:
            failures.append("%s: %s at %s" % (what, e.message, "/".join(map(str, e.path))))

    def expect_invalid(name, doc, what):
        if validator(name).is_valid(doc):
            failures.append("%s: a broken copy (%s) was accepted" % (name, what))

    def read(path):
        with open(path, encoding="utf-8") as f:
            return json.load(f)

    results = read(os.path.join(run_dir, "results.json"))
    expect_valid("results", results, "results.json")
    broken = [
        ("a verdict no check gives", lambda d: d["checks"][0].update(verdict="maybe")),
        ("an uppercase digest", lambda d: d["scenario"].update(sha256=d["scenario"]["sha256"].upper())),
        ("a key the format does not have", lambda d: d.update(extra=1)),
        ("a check without its summary", lambda d: d["checks"][0].pop("summary")),
        ("a clause outside R4.1-R4.7", lambda d: d["checks"][0].update(clause="R5.1")),
    ]
    for what, edit in broken:
        d = copy.deepcopy(results)
        edit(d)
        expect_invalid("results", d, what)

    act_path = os.path.join(run_dir, "act.json")
    if os.path.exists(act_path):
        act = read(act_path)
        expect_valid("act", act, "act.json")
        broken = [
            ("an absolute path in the manifest",
             lambda d: d["manifest"][0].update(file="/home/lab/" + d["manifest"][0]["file"])),
            ("another act format", lambda d: d.update(format="pooltest-act/0")),
            ("a settlement without its Kazakh name",
             lambda d: d["pool"].setdefault("settlement_names", {}).update(x={"ru": "Х", "en": "X"})),
            ("a condition verdict no check gives", lambda d: d["conditions"][0].update(verdict="ok")),
        ]
        for what, edit in broken:
            d = copy.deepcopy(act)
            edit(d)
            expect_invalid("act", d, what)

    records = 0
    with open(os.path.join(run_dir, "evidence.jsonl"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                records += 1
                expect_valid("evidence-record", json.loads(line), "evidence.jsonl:%d" % n)
    with open(os.path.join(run_dir, "evidence.jsonl"), encoding="utf-8") as f:
        first = json.loads(f.readline())
    for what, edit in [("a status that is a verdict", lambda d: d.update(status="pass")),
                       ("an id of another form", lambda d: d.update(id="7"))]:
        d = copy.deepcopy(first)
        edit(d)
        expect_invalid("evidence-record", d, what)

    for f in failures:
        print("FAIL:", f)
    print("outputs: results.json, %s, %d evidence records checked; %d problem(s)"
          % ("act.json" if os.path.exists(act_path) else "no act", records, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
