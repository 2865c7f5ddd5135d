#!/usr/bin/env python3
"""The spec as Prism is given it, two things changed:

- Each `{"$ref": R}` inside a vendor extension (`x-...`) becomes the
  string R.
- A body's `*/*` whose schema is not bytes is `application/json`, as the
  generated client sends and reads it (unless the body has a JSON type
  already). Prism matches no `Accept: application/json` to a `*/*`
  answer (406), and will not write an object as `*/*` either (500):
  Bungie's 134 operations have only such answers.

Extensions are opaque to OpenAPI and to the JSON Schema validator Prism
uses, but Prism's loader dereferences every `$ref`, theirs included.
Bungie's 822 (`x-mapped-definition`, `x-enum-reference`) tie 93 of its
schemas into one cycle, and Prism walks every route through it: it was
still starting after 15 minutes; with this, in under 10 seconds.

    .ci/contract-prism-spec.py SPEC.json OUT.json
"""
import json
import sys


def unref(value):
    if isinstance(value, dict):
        if set(value) == {"$ref"} and isinstance(value["$ref"], str):
            return value["$ref"]
        return {key: unref(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [unref(inner) for inner in value]
    return value


def outside_extensions(value):
    if isinstance(value, dict):
        return {
            key: unref(inner) if key.startswith("x-") else outside_extensions(inner)
            for key, inner in value.items()
        }
    if isinstance(value, list):
        return [outside_extensions(inner) for inner in value]
    return value


def is_bytes(schema):
    return isinstance(schema, dict) and schema.get("type") == "string" and schema.get("format") == "binary"


def wildcards_as_json(spec):
    bodies = []
    for item in spec.get("paths", {}).values():
        for operation in item.values() if isinstance(item, dict) else []:
            if not isinstance(operation, dict):
                continue
            bodies.append(operation.get("requestBody"))
            bodies.extend((operation.get("responses") or {}).values())
    components = spec.get("components") or {}
    bodies.extend((components.get("responses") or {}).values())
    bodies.extend((components.get("requestBodies") or {}).values())
    for body in bodies:
        content = body.get("content") if isinstance(body, dict) else None
        if not isinstance(content, dict) or "*/*" not in content:
            continue
        if any(media.split(";")[0].strip().endswith("json") for media in content):
            continue
        if is_bytes((content["*/*"] or {}).get("schema")):
            continue
        content["application/json"] = content.pop("*/*")
    return spec


with open(sys.argv[1]) as source:
    spec = json.load(source)
with open(sys.argv[2], "w") as out:
    json.dump(wildcards_as_json(outside_extensions(spec)), out)
