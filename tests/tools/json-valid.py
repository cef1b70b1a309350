#!/usr/bin/env python3
"""Validates JSON files against a JSON Schema (Debian's python3-jsonschema,
with its format checker): prints "NAME validates" or each error.
    tests/tools/json-valid.py SCHEMA FILE..."""
import json, sys
import jsonschema

schema = json.load(open(sys.argv[1]))
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
v = cls(schema, format_checker=jsonschema.FormatChecker())
bad = 0
for path in sys.argv[2:]:
    errors = sorted(v.iter_errors(json.load(open(path))), key=lambda e: list(e.path))
    for e in errors[:5]:
        print("%s: %s at %s" % (path.split("/")[-1], e.message[:200], "/".join(map(str, e.path))))
    bad += bool(errors)
    if not errors:
        print(path.split("/")[-1], "validates")
sys.exit(1 if bad else 0)
