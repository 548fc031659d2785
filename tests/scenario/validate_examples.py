#!/usr/bin/python3
"""Validates the example scenarios against scenarios/schema.json.

Usage: validate_examples.py SCENARIOS_DIR

Every example must be valid; a handful of broken copies of the demo must be
rejected, so the test can fail when the schema stops checking something.
Needs python3-jsonschema and python3-yaml (Debian). YAML dates and numbers
are left as YAML reads them, as a user's file would be.
"""
import copy
import json
import sys

import jsonschema
import yaml

EXAMPLES = ["demo.yaml", "full-accreditation.yaml", "operator-precheck.yaml",
            "operator-precheck.json"]


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f) if path.endswith(".json") else yaml.safe_load(f)


def broken_copies(demo):
    """(label, document) pairs the schema must reject."""
    def edit(label, fn):
        d = copy.deepcopy(demo)
        fn(d)
        return label, d

    yield edit("unknown top-level key", lambda d: d.update(colour="blue"))
    yield edit("unknown site key", lambda d: d["sites"][0].update(settlment="Astana"))
    yield edit("missing required name", lambda d: d.pop("name"))
    yield edit("version 2", lambda d: d.update(pooltest=2))
    yield edit("BIN of 11 digits", lambda d: d["applicant"].update(bin="23044001234"))
    yield edit("BIN as a number", lambda d: d["applicant"].update(bin=230440012341))
    yield edit("unknown role", lambda d: d["sites"][0].update(role="primay"))
    yield edit("http stratum", lambda d: d["sites"][0]["stratum"][0].update(
        url="http://127.0.0.11:3333"))
    yield edit("stratum without port", lambda d: d["sites"][0]["stratum"][0].update(
        url="stratum+tcp://127.0.0.11"))
    yield edit("two ways for kk", lambda d: d["ui"]["languages"]["kk"].update(query="lang=kk"))
    yield edit("no way for ru", lambda d: d["ui"]["languages"].update(ru={}))
    yield edit("unknown language", lambda d: d["ui"]["languages"].update(kz={"path_prefix": "/kz"}))
    yield edit("missing en", lambda d: d["ui"]["languages"].pop("en"))
    yield edit("bad duration", lambda d: d["thresholds"].update(probe_timeout="5 sec"))
    yield edit("latitude 95", lambda d: d["vantage_points"][0].update(latitude=95))
    yield edit("ui_coverage 1.5", lambda d: d.update(thresholds={"ui_coverage": 1.5}))
    yield edit("email key on ticket_api", lambda d: d["support"][0].update(
        smtp="smtp://127.0.0.1:25"))
    yield edit("ticket_api without poll", lambda d: d["support"][0].pop("poll"))
    yield edit("poll url without ticket id", lambda d: d["support"][0]["poll"].update(
        url="http://127.0.0.11:8080/api/support/tickets"))
    yield edit("unknown output format", lambda d: d["output"].update(formats=["xml"]))
    yield edit("short sha256", lambda d: d["documents"][0].update(sha256="abc"))
    yield edit("unknown clause", lambda d: d["documents"][0].update(clause="R4.3"))
    yield edit("address with port", lambda d: d["sites"][0]["channels"][0].update(
        addresses=["bad_host:80"]))


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    folder = sys.argv[1]
    with open(folder + "/schema.json", encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failures = 0
    for name in EXAMPLES:
        errors = sorted(validator.iter_errors(load(folder + "/" + name)), key=str)
        for e in errors:
            print(f"FAIL {name}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
        failures += len(errors)
        if not errors:
            print(f"ok   {name} is valid")
    demo = load(folder + "/demo.yaml")
    for label, doc in broken_copies(demo):
        if validator.is_valid(doc):
            print(f"FAIL schema accepts a broken demo: {label}")
            failures += 1
        else:
            print(f"ok   rejected: {label}")
    print(f"{failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
