#!/usr/bin/env python3
"""The spec as Prism is given it, eight things changed:

- Each `{"$ref": R}` inside a vendor extension (`x-...`) becomes the
  string R.
- A body's `*/*` whose schema is not bytes is `application/json`, as the
  generated client sends and reads it (unless the body has a JSON type
  already). Prism matches no `Accept: application/json` to a `*/*`
  answer (406), and will not write an object as `*/*` either (500):
  Bungie's 134 operations have only such answers.

- A body's media type that is not JSON and has no schema (a PDF answer)
  gets `{type: string, format: binary}`, which says the same (any bytes):
  Prism builds no answer without a schema.
- A `format: byte` string without a `pattern` is given base64's pattern
  (RFC 4648: its alphabet, padded to four characters) in the format's
  place, which says what the format says: Prism's faker builds random
  text for the format (`"fBbJ_"`), and ignores a pattern beside it.
- A `pattern`'s Unicode property (`\p{L}`, `\p{N}`, `\p{Z}` and their
  parts) is narrowed to its ASCII members (`A-Za-z`, `0-9`, a space).
  Prism's faker reads a pattern without ECMA-262's `u` flag, which JSON
  Schema 2020-12 asks for, so `[\p{L}]` is the letters `p`, `{`, `L`,
  `}` to it, and it built AWS's tag keys of them. A narrower pattern
  keeps the test sound: what Prism accepts or builds, the spec allows.
- An answer's boolean header without an example gets `example: true`.
  Prism writes `null` for a header it builds that is neither a number nor
  a string (prism-http's `computeMockedHeaders`): Gitea's `X-HasMore:
  null`. Its example it writes as it is, and `true` is a valid answer.
- A header parameter named `Accept`, `Content-Type` or `Authorization`
  is left out: OpenAPI says its definition SHALL be ignored (the media
  types and security say these), and Prism requires it all the same.
- A path written with a fragment (AWS's `/#X-Amz-Target=Forecast.Create`,
  `/tags/{arn}#tagKeys`) is served under `/_fragment/N` + the path before
  the fragment. A fragment is never sent; what tells such operations
  apart is the header or query parameter the fragment names, which Prism
  does not route by. `.ci/contract-prism-proxy.py` routes by it, as the
  generated server does, and is given the table of these paths
  (OUT.routes.json: method, path before the fragment, conditions, prefix).

Extensions are opaque to OpenAPI and to the JSON Schema validator Prism
uses, but Prism's loader dereferences every `$ref`, theirs included.
Bungie's 822 (`x-mapped-definition`, `x-enum-reference`) tie 93 of its
schemas into one cycle, and Prism walks every route through it: it was
still starting after 15 minutes; with this, in under 10 seconds.

    .ci/contract-prism-spec.py SPEC.json OUT.json
"""
import json
import sys

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
IGNORED_HEADERS = ("accept", "content-type", "authorization")


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


def media_for_prism(spec):
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
        if not isinstance(content, dict):
            continue
        for media, entry in content.items():
            if isinstance(entry, dict) and "schema" not in entry and "json" not in media:
                entry["schema"] = {"type": "string", "format": "binary"}
        if "*/*" not in content:
            continue
        if any(media.split(";")[0].strip().endswith("json") for media in content):
            continue
        if is_bytes((content["*/*"] or {}).get("schema")):
            continue
        content["application/json"] = content.pop("*/*")
    return spec


BASE64 = "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"


def each_object(value, change):
    """`change` on each object outside extensions and example values."""
    if isinstance(value, dict):
        change(value)
        for key, inner in value.items():
            if not key.startswith("x-") and key not in ("example", "examples", "default", "enum"):
                each_object(inner, change)
    elif isinstance(value, list):
        for inner in value:
            each_object(inner, change)
    return value


def base64_pattern(value):
    """A `format: byte` string as base64's pattern."""
    if value.get("format") == "byte" and value.get("type", "string") == "string" and "pattern" not in value:
        value["pattern"] = BASE64
        del value["format"]


# Each Unicode property a pattern names, by its ASCII members.
PROPERTIES = {"L": "A-Za-z", "Lu": "A-Z", "Ll": "a-z", "N": "0-9", "Nd": "0-9", "Z": " ", "Zs": " "}


def narrowed(pattern):
    """The pattern with each `\p{..}` of PROPERTIES as its ASCII members."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and pattern[i + 1 : i + 3] == "p{":
            end = pattern.find("}", i)
            members = PROPERTIES.get(pattern[i + 3 : end]) if end > 0 else None
            if members is not None:
                out.append(members if in_class else f"[{members}]")
                i = end + 1
                continue
        if c == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
        elif c == "]" and in_class:
            in_class = False
        out.append(c)
        i += 1
    return "".join(out)


def ascii_properties(value):
    """A `pattern` with its Unicode properties narrowed."""
    if isinstance(value.get("pattern"), str) and "\\p{" in value["pattern"]:
        value["pattern"] = narrowed(value["pattern"])


def boolean_header_examples(spec):
    """`example: true` on each answer's boolean header that has none."""
    answers = []
    for item in spec.get("paths", {}).values():
        for operation in item.values() if isinstance(item, dict) else []:
            if isinstance(operation, dict) and isinstance(operation.get("responses"), dict):
                answers.extend(operation["responses"].values())
    components = spec.get("components") or {}
    answers.extend((components.get("responses") or {}).values())
    headers = list((components.get("headers") or {}).values())
    for answer in answers:
        if isinstance(answer, dict) and isinstance(answer.get("headers"), dict):
            headers.extend(answer["headers"].values())
    for header in headers:
        if not isinstance(header, dict) or "$ref" in header or "example" in header or "examples" in header:
            continue
        if resolve(spec, header.get("schema")).get("type") == "boolean":
            header["example"] = True
    return spec


def resolve(spec, node):
    """What a local `$ref` points at (the node itself if none)."""
    seen = 0
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/") and seen < 32:
        target = spec
        for part in node["$ref"][2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            target = target.get(part) if isinstance(target, dict) else None
        node, seen = target, seen + 1
    return node if isinstance(node, dict) else {}


def is_ignored_header(spec, parameter):
    parameter = resolve(spec, parameter)
    return parameter.get("in") == "header" and str(parameter.get("name", "")).lower() in IGNORED_HEADERS


def without_ignored_headers(spec):
    for item in spec.get("paths", {}).values():
        if not isinstance(item, dict):
            continue
        holders = [item] + [item[m] for m in METHODS if isinstance(item.get(m), dict)]
        for holder in holders:
            if isinstance(holder.get("parameters"), list):
                holder["parameters"] = [p for p in holder["parameters"] if not is_ignored_header(spec, p)]
    return spec


def fragments_routed(spec):
    """Each path with a fragment under `/_fragment/N`; the routes for the proxy."""
    routes, paths = [], {}
    for path, item in spec.get("paths", {}).items():
        if "#" not in path or not isinstance(item, dict):
            paths[path] = item
            continue
        before, fragment = path.split("#", 1)
        prefix = f"/_fragment/{len(routes)}"
        paths[prefix + before] = item
        shared = item.get("parameters", []) if isinstance(item.get("parameters"), list) else []
        for method in METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            declared = {}
            for parameter in shared + (operation.get("parameters") or []):
                parameter = resolve(spec, parameter)
                if parameter.get("in") in ("header", "query"):
                    declared[str(parameter.get("name", "")).lower()] = (parameter["in"], parameter["name"])
            conditions = []
            for pair in filter(None, fragment.split("&")):
                name, _, value = pair.partition("=")
                if name.lower() in declared:
                    location, wire = declared[name.lower()]
                    conditions.append({"in": location, "name": wire, "value": value if "=" in pair else None})
            routes.append({"method": method.upper(), "path": before, "conditions": conditions, "prefix": prefix})
    spec["paths"] = paths
    return spec, routes


with open(sys.argv[1]) as source:
    spec = json.load(source)
spec = each_object(each_object(media_for_prism(outside_extensions(spec)), base64_pattern), ascii_properties)
spec = boolean_header_examples(spec)
spec, routes = fragments_routed(without_ignored_headers(spec))
with open(sys.argv[2], "w") as out:
    json.dump(spec, out)
with open(sys.argv[2].removesuffix(".json") + ".routes.json", "w") as out:
    json.dump(routes, out, indent=1)
