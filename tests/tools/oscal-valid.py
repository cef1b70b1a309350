#!/usr/bin/env python3
"""Validates OSCAL JSON against the OSCAL assessment-results JSON schema.
Its patterns use Unicode classes (\\p{L}, \\p{N}) that Python's re does not
know: the schema's `pattern` keyword is checked with the regex module
(Debian's python3-regex) instead, and its formats with jsonschema's format
checker. Prints "NAME validates" or each error.
    tests/tools/oscal-valid.py SCHEMA FILE..."""
import json, sys
import regex
import jsonschema
from jsonschema import validators

def pattern(validator, patrn, instance, schema):
    if validator.is_type(instance, "string") and not regex.search(patrn, instance):
        yield jsonschema.ValidationError("%r does not match %r" % (instance, patrn))

schema = json.load(open(sys.argv[1]))
base = validators.validator_for(schema)
cls = validators.extend(base, {"pattern": pattern})
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
