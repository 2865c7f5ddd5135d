"""Classifies the server side of `.ci/contract`: every finding schemathesis
reported (runs/MODULE.ndjson) against each spec's mock, one row per
operation and kind of finding, each judged by whose it is. Writes
WORK/server.tsv and prints the totals: operations with no finding but the
ones that are not the server's to answer for, and the rest by class.

Classes (the first rule that fits; `whose` says who answers for it):
- not the server's: a status the spec does not document (the server's own
  400/404/405/413/415, which the generator warns of); credentials taken as
  valid (the mock checks that they are there, not what they are); a
  deleted resource still there (the mock keeps no state);
- the spec's: a required header parameter `Accept`, `Content-Type` or
  `Authorization`, which OpenAPI says to ignore (the server does; where
  schemathesis names several required headers, the ones the request
  lacks are all of these); a template with a fragment
  (`/tags/{arn}#tagKeys`), a path no request holds; two templates that are
  one path but for their parameters' names (OpenAPI forbids it); `required`
  names what `additionalProperties: false` forbids; an answer that is the
  spec's own example (the mock answers with it) and breaks its schema;
- the spec's too: a YAML body typed `type: string`, which schemathesis
  draws as a YAML value (another type, or `''` for the empty string): the
  spec means the document's text (Conjur's own example of it is a YAML
  list), which the server reads;
- the spec's too: `null` for a property `nullable` beside an `enum` that
  does not list it: OpenAPI 3.0.3 refuses it, the spec's descriptions
  allow it (GitHub's secret-scanning `resolution`, "or `null`"), and the
  server reads it;
- the tool's: `Accept-Encoding` set by schemathesis's HTTP client; text
  whose value schemathesis draws as other than a string; a form
  or multipart value that schemathesis types otherwise than its text on
  the wire says; `name=` of a joined list, which is also the empty list;
- the spec's, under-said: an integer beyond 64 bits in a `type: integer`
  without a format or a bound (read as i64, as peers read it: the service
  has a bound the spec does not say, Google's discovery documents' `int32`
  for `pageSize`); `properties` with no `type`, read as the object they
  describe (also where a valid request is refused and its body holds a
  non-object there), where the spec leaves out `type: object`: JSON
  Schema lets `false` or `""` through, the service does not
  (type-mapping.md argues both);
- the generator's, chosen and documented: a constraint the generated code
  does not check and warns of (`maxProperties`, `uniqueItems`...); `\\w` in a pattern read as
  Unicode's, as the services that write them (Django, Azure) do; a body in
  a media type the generated server does not read (a warning says so);
- to look at: anything else.

    python3 .ci/contract-server-report.py target/contract
"""

import base64
import json
import re
import sys
import urllib.parse
from pathlib import Path

NOT_THE_SERVERS = {"ST103", "ST401", "ST301"}


def findings(report):
    """(operation, code, title, message, uri, answer) for each failed check, once per operation and message."""
    seen = set()
    with open(report, encoding="utf-8") as lines:
        for line in lines:
            finished = json.loads(line).get("ScenarioFinished")
            if not finished:
                continue
            recorder = finished["recorder"]
            for case_id, checks in (recorder.get("checks") or {}).items():
                for check in checks:
                    if check.get("status") != "failure":
                        continue
                    failure = check["failure_info"]["failure"]
                    interaction = (recorder.get("interactions") or {}).get(case_id) or {}
                    response = interaction.get("response") or {}
                    content = response.get("content") or {}
                    if isinstance(content, dict) and "$base64" in content:
                        answer = base64.b64decode(content["$base64"]).decode("utf-8", "replace")
                    else:
                        answer = content.get("string", "") if isinstance(content, dict) else str(content)
                    key = (failure.get("operation"), failure.get("code"), failure.get("message", "")[:200])
                    if key in seen:
                        continue
                    seen.add(key)
                    yield (
                        failure.get("operation"),
                        failure.get("code"),
                        failure.get("title"),
                        failure.get("message", ""),
                        interaction.get("request") or {},
                        answer,
                    )


IGNORED_HEADERS = {"accept", "content-type", "authorization"}


def request_of(request):
    """(headers with lower-case names, body bytes, query pairs) of a recorded request."""
    headers = {name.lower(): values for name, values in (request.get("headers") or {}).items()}
    body = request.get("body") or b""
    if isinstance(body, dict):
        body = base64.b64decode(body["$base64"]) if "$base64" in body else body.get("string", "").encode()
    elif isinstance(body, str):
        body = body.encode()
    query = urllib.parse.parse_qsl(urllib.parse.urlsplit(request.get("uri", "")).query, keep_blank_values=True)
    return headers, body, query


def classify(code, operation, message, answer, request, spec):
    """(whose, class) of one finding."""
    text = f"{message}\n{answer}"
    headers, body, query = request_of(request)
    media = (headers.get("content-type") or [""])[0].lower()
    if code in NOT_THE_SERVERS:
        return "not the server's", {"ST103": "undocumented status", "ST401": "any credentials", "ST301": "no state"}[code]
    if re.search(r"(Missing|missing required) `?'?(Accept|Content-Type|Authorization)'?`?|parameter `(Accept|Content-Type|Authorization)` in header", text):
        return "the spec's", "a header OpenAPI says to ignore"
    # "in header - violates `required` (was Accept, X-Key)": of the headers
    # named, those the request lacks are all ones OpenAPI says to ignore.
    named = re.search(r"header: violates `required` \(was ([^)]*)\)|in header - violates `required` \(was ([^)]*)\)", message)
    if named:
        listed = [name.strip().lower() for name in (named.group(1) or named.group(2)).split(",")]
        lacking = [name for name in listed if name not in headers]
        if lacking and all(name in IGNORED_HEADERS for name in lacking):
            return "the spec's", "a header OpenAPI says to ignore"
    if code in ("ST201", "ST202", "ST205") and operation and twin_template(spec, operation):
        return "the spec's", "two templates for one path"
    if code in ("ST108", "ST202") and operation and requires_forbidden(spec, operation):
        return "the spec's", "required, yet additionalProperties: false"
    if answer_is_example(spec, answer) and code == "ST108":
        return "the spec's", "its own example breaks its schema"
    if "#" in (operation or "") and code in ("ST204", "ST205"):
        return "the spec's", "a template with a fragment"
    if "Accept-Encoding" in answer:
        return "the tool's", "Accept-Encoding of schemathesis's client"
    if re.search(r"number too (large|small) to fit|\"-?\d{20,}\"|expected i64", answer):
        return "the spec's, under-said", "an integer beyond 64 bits"
    if re.search(r"expected struct \w+|Expected a dictionary, but got", answer):
        return "the spec's, under-said", "properties without a type, read as an object"
    if "violates `pattern`" in message:
        return "the generator's, documented", "a pattern's \\w read as Unicode's"
    if "in body - " in message and "yaml" in media and string_body(spec, operation, media):
        return "the spec's", "a YAML body typed as a string, meaning its text"
    if re.search(r"in body - (incorrect type|violates `type`)", message) and string_body(spec, operation, media):
        if media.startswith("text/"):
            return "the tool's", "text typed otherwise than a string, which text always is"
    if re.search(r"more properties than allowed by maxProperties|fewer properties than|non-unique elements|not a multiple of", message):
        return "the generator's, documented", "a constraint the generated code does not check (warned: unchecked)"
    if null_beside_enum(spec, operation, body, message):
        return "the spec's", "`nullable` beside an `enum` without `null`"
    if "Unsupported media type" in answer or "in body - incorrect type" in message:
        return "the generator's, documented", "a media type the server does not read"
    if "is a required property" in message and code == "ST108":
        return "the spec's", "required, yet additionalProperties: false"
    if "yaml" in media:
        return "the generator's, documented", "a media type the server does not read"
    if ("form-urlencoded" in media or "multipart/" in media) and re.search(r"Incorrect type|violates `type`", message):
        return "the tool's", "a form value typed otherwise than its text on the wire says"
    empty = re.search(r"parameter `([^`]+)` in query - violates `enum`", message)
    if empty and (empty.group(1), "") in query:
        return "the tool's", "an empty joined list (`name=`), which is also the empty list's text"
    if code == "ST202" and untyped_refused(spec, operation, body):
        return "the spec's, under-said", "properties without a type, read as an object"
    return "to look at", code


def resolve(spec, schema, depth=0):
    while isinstance(schema, dict) and "$ref" in schema and depth < 32:
        target = spec
        for part in schema["$ref"].lstrip("#/").split("/"):
            part = urllib.parse.unquote(part).replace("~1", "/").replace("~0", "~")
            target = target.get(part, {}) if isinstance(target, dict) else {}
        schema, depth = target, depth + 1
    return schema if isinstance(schema, dict) else {}


def operation_of(spec, operation):
    method, _, path = (operation or "").partition(" ")
    return (spec.get("paths", {}).get(path) or {}).get(method.lower()) or {}


def shape(path):
    return re.sub(r"\{[^}]*\}", "{}", path)


def twin_template(spec, operation):
    """Whether another template of the spec is the same path but for its parameters' names (OpenAPI forbids it)."""
    path = (operation or "").partition(" ")[2]
    return sum(1 for other in spec.get("paths", {}) if shape(other) == shape(path)) > 1


def body_schemas(spec, operation):
    body = resolve(spec, operation_of(spec, operation).get("requestBody") or {})
    for media in (body.get("content") or {}).values():
        if isinstance(media, dict) and "schema" in media:
            yield media["schema"]


def string_body(spec, operation, media):
    """Whether the body's schema in the request's media type is a string: YAML or text
    the server reads as its text. Conjur types its YAML policy `type: string`, and its
    own example is a YAML list: the spec means the document's text."""
    body = resolve(spec, operation_of(spec, operation).get("requestBody") or {})
    for name, entry in (body.get("content") or {}).items():
        if name.split(";")[0].strip().lower() == media.split(";")[0].strip() and isinstance(entry, dict):
            return resolve(spec, entry.get("schema") or {}).get("type") == "string"
    return False


def null_beside_enum(spec, operation, body, message):
    """Whether the finding is a body property sent as `null` whose schema is `nullable`
    beside an `enum` without `null`: OpenAPI 3.0.3 refuses null there, the spec's own
    descriptions allow it (GitHub's "or `null` to clear"); the server reads it as absent."""
    found = re.search(r"in body - (\w+): Incorrect type", message)
    try:
        value = json.loads(body)
    except ValueError:
        return False
    if not found or not isinstance(value, dict) or value.get(found.group(1), 0) is not None:
        return False
    for schema in body_schemas(spec, operation):
        for member in members(spec, schema):
            field = resolve(spec, (member.get("properties") or {}).get(found.group(1)))
            if field.get("nullable") and None not in (field.get("enum") or [None]):
                return True
    return False


def members(spec, schema):
    """The schema and those of its `allOf`, resolved."""
    schema = resolve(spec, schema)
    yield schema
    for member in schema.get("allOf") or []:
        yield from members(spec, member)


def requires_forbidden(spec, operation):
    """Whether the body's schema requires a property that its `additionalProperties: false` forbids."""
    for schema in body_schemas(spec, operation):
        for member in members(spec, schema):
            if member.get("additionalProperties") is False:
                if set(member.get("required") or []) - set(member.get("properties") or {}):
                    return True
    return False


def answer_is_example(spec, answer):
    """Whether the answer is an example the spec gives (the mock answers with the spec's examples)."""
    try:
        value = json.loads(answer)
    except ValueError:
        return False
    found = []

    def walk(node):
        if isinstance(node, dict):
            for key, child in node.items():
                if key == "example" and child == value:
                    found.append(True)
                elif key == "examples" and isinstance(child, dict):
                    found.extend(True for example in child.values() if isinstance(example, dict) and example.get("value") == value)
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(spec)
    return bool(found)


def untyped_refused(spec, operation, body):
    """Whether the body holds a value that is not an object where its schema has `properties` and no `type`
    (JSON Schema lets it through; the generated type is the object)."""
    try:
        value = json.loads(body)
    except ValueError:
        return False

    def walk(schema, value, depth=0):
        if depth > 64:
            return False
        for member in members(spec, schema):
            if "properties" in member and "type" not in member and not isinstance(value, dict):
                return True
            if isinstance(value, dict):
                for key, child in value.items():
                    if key in (member.get("properties") or {}) and walk(member["properties"][key], child, depth + 1):
                        return True
            if isinstance(value, list) and isinstance(member.get("items"), dict):
                if any(walk(member["items"], item, depth + 1) for item in value):
                    return True
        return False

    return any(walk(schema, value) for schema in body_schemas(spec, operation))


def main(work):
    work = Path(work)
    rows = []
    for report in sorted((work / "runs").glob("*.ndjson")):
        module = report.stem
        spec = json.loads((work / "specs" / f"{module}.json").read_text())
        for operation, code, title, message, request, answer in findings(report):
            whose, kind = classify(code, operation, message, answer, request, spec)
            said = " ".join(f"{message} | answer: {answer}".split())[:400]
            rows.append((module, operation or "", code or "", title or "", whose, kind, said))
    operations = {}
    for module, operation, code, _, whose, kind, _ in rows:
        operations.setdefault((module, operation), set()).add((whose, kind))
    run = [work / "specs" / f"{report.stem}.json" for report in (work / "runs").glob("*.ndjson")]
    total = sum(1 for spec in run for _ in ops(spec))
    unrun = sum(1 for spec in (work / "specs").glob("*.json") for _ in ops(spec)) - total
    with open(work / "server.tsv", "w") as out:
        out.write("spec\toperation\tcode\ttitle\twhose\tclass\tmessage\n")
        for row in rows:
            out.write("\t".join(row) + "\n")
    served = [kinds for kinds in operations.values()]
    clean = total - sum(1 for kinds in served if any(whose != "not the server's" for whose, _ in kinds))
    looked = sum(1 for kinds in served if any(whose == "to look at" for whose, _ in kinds))
    share = 100 * clean / total if total else 0
    others = ("not the server's", "the spec's", "the spec's, under-said", "the tool's")
    argued = total - sum(1 for kinds in served if any(whose not in others for whose, _ in kinds))
    print(f"server side: {total} operations run ({unrun} of specs not run); {clean} with no finding but those "
          f"not the server's ({share:.1f} %); {argued} with none but the spec's or the tool's "
          f"({100 * argued / total if total else 0:.1f} %); {looked} with a finding to look at")
    by_class = {}
    for kinds in served:
        for whose, kind in kinds:
            by_class[(whose, kind)] = by_class.get((whose, kind), 0) + 1
    for (whose, kind), count in sorted(by_class.items(), key=lambda item: (item[0][0], -item[1])):
        print(f"  {count:5} operations  {whose}: {kind}")
    print(f"details in {work / 'server.tsv'}")


def ops(spec):
    document = json.loads(Path(spec).read_text())
    for path, item in document.get("paths", {}).items():
        for method in item if isinstance(item, dict) else {}:
            if method in ("get", "put", "post", "delete", "patch", "head", "options", "trace"):
                yield method, path


if __name__ == "__main__":
    main(sys.argv[1])
