#!/usr/bin/env python3
"""checks/data/reduce_geonames.py on a small GeoNames-format table: keeps
Kazakhstan's populated places (class P) with their Latin and Cyrillic
spellings, drops other countries and classes, and records the licence,
attribution and input digest. Usage: reduce_geonames_test.py SOURCE_DIR"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile


def row(gid, name, ascii_name, alternates, lat, lon, fclass, fcode, country, pop):
    cols = [str(gid), name, ascii_name, alternates, lat, lon, fclass, fcode, country,
            "", "04", "", "", "", str(pop), "", "300", "Asia/Aqtobe", "2020-01-01"]
    return "\t".join(cols) + "\n"


def main():
    script = os.path.join(sys.argv[1], "checks", "data", "reduce_geonames.py")
    table = (row(608270, "Shubarshi", "Shubarshi", "Shubarshī,Шубарши,舒巴尔希", "48.58022",
                 "57.18289", "P", "PPL", "KZ", 8651)
             + row(1, "Elsewhere", "Elsewhere", "", "50", "10", "P", "PPL", "DE", 900)
             + row(2, "Some Hill", "Some Hill", "", "48", "57", "T", "HLL", "KZ", 0))
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "cities500.txt")
        dst = os.path.join(tmp, "kz-places.json")
        with open(src, "w", encoding="utf-8") as f:
            f.write(table)
        subprocess.run([sys.executable, script, src, dst, "KZ"], check=True)
        doc = json.load(open(dst, encoding="utf-8"))
        failures = []
        places = doc["places"]
        if [p["name"] for p in places] != ["Shubarshi"]:
            failures.append("kept %r, want only Shubarshi" % [p["name"] for p in places])
        elif places[0]["names"] != ["Shubarshī", "Шубарши"]:
            failures.append("names %r" % places[0]["names"])
        if doc["source"]["licence"] != "CC BY 4.0" or "GeoNames" not in doc["source"]["attribution"]:
            failures.append("licence/attribution missing: %r" % doc["source"])
        if doc["source"]["input_sha256"] != hashlib.sha256(table.encode()).hexdigest():
            failures.append("input digest wrong")
        # A table with no place of the country is an error, not an empty file.
        empty = subprocess.run([sys.executable, script, src, dst, "UZ"])
        if empty.returncode == 0:
            failures.append("no place of UZ still succeeded")
    for f in failures:
        print("FAIL:", f)
    print("%d passed, %d failed" % (4 - len(failures), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
