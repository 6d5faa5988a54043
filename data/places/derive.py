"""Derives places.json (old -> new administrative units, July 2025) from the MIT-licensed
PyPI package vietnamadminunits (its data files converter_2025.json, parser_legacy.json and
parser_from_2025.json). Run: pip install --no-deps vietnamadminunits==1.0.4; python3 derive.py

Only the 63 provinces and the communes that the default dataset names are written out."""
import importlib.util
import json
import os

# The package's data files only: importing it would need its dependencies (shapely, geopy).
spec = importlib.util.find_spec("vietnamadminunits")
DATA = os.path.join(os.path.dirname(spec.origin), "data")
load = lambda name: json.load(open(os.path.join(DATA, name), encoding="utf-8"))
converter = load("converter_2025.json")
legacy = load("parser_legacy.json")
current = load("parser_from_2025.json")

old_provinces = legacy["DICT_PROVINCE"]
new_provinces = current["DICT_PROVINCE"]
old_to_new = {}
for new_key, old_keys in converter["DICT_PROVINCE"].items():
    for old_key in old_keys:
        old_to_new[old_key] = new_key

provinces = []
for old_key, old in sorted(old_provinces.items(), key=lambda kv: kv[1]["provinceCode"]):
    new = new_provinces[old_to_new[old_key]]
    provinces.append({"old": old["provinceShort"], "new": new["provinceShort"]})
assert len(provinces) == 63, len(provinces)
assert len({p["new"] for p in provinces}) == 34

# (old province key, district key, commune key) of the communes the default dataset names.
COMMUNES = [
    ("tinhkontum", "huyenkonplong", "xahieu"),
    ("tinhgialai", "huyenchuse", "thitranchuse"),
]
communes = []
for province_key, district_key, commune_key in COMMUNES:
    old_key = f"{province_key}_{district_key}_{commune_key}"
    old_commune = legacy["DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED"][province_key][district_key][commune_key]
    old_district = legacy["DICT_PROVINCE_DISTRICT"][province_key][district_key]
    new_province_key = old_to_new[province_key]
    matches = [
        new_ward
        for new_ward, olds in converter["DICT_PROVINCE_WARD_NO_DIVIDED"][new_province_key].items()
        if old_key in olds
    ]
    divided = converter["DICT_PROVINCE_WARD_DIVIDED"].get(new_province_key, {}).get(old_key)
    if divided:
        matches += [w["newWardKey"] for w in divided if w["isDefaultNewWard"]]
    assert len(matches) == 1, (old_key, matches)
    new_ward = current["DICT_PROVINCE_WARD_NO_ACCENTED"][new_province_key][matches[0]]
    communes.append({
        "old": old_commune["ward"][0].lower() + old_commune["ward"][1:],
        "old_district": old_district["district"][0].lower() + old_district["district"][1:],
        "old_province": old_provinces[province_key]["provinceShort"],
        "new": new_ward["ward"][0].lower() + new_ward["ward"][1:],
        "new_province": new_provinces[new_province_key]["provinceShort"],
    })

out = {
    "source": {
        "name": "vietnamadminunits 1.0.4 (PyPI), data/converter_2025.json, parser_legacy.json, parser_from_2025.json",
        "licence": "MIT, Copyright (c) 2025 Tran Ngoc Minh Hieu (see LICENSE-vietnamadminunits beside this file)",
        "note": "Vietnam's 63 provinces before 1 July 2025 and the 34 that took them in; communes only where the default dataset names them.",
    },
    "provinces": provinces,
    "communes": communes,
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "places.json")
with open(path, "w", encoding="utf-8") as f:
    json.dump(out, f, ensure_ascii=False, indent=1)
    f.write("\n")
print(f"wrote {path}: {len(provinces)} provinces, {len(communes)} communes")
