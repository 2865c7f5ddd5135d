"""Judges the findings of `.ci/schemathesis`: every failed check in the
NDJSON reports given as arguments is either one of the kinds below, which
are what Django REST Framework really does and what the specs say it does,
or a defect; the run fails on the first defect kind found, listing each.

Accepted, and why (generator/docs/server.md, "What schemathesis may find"):
- unique: a create or update refused 400 because a username or e-mail
  address is taken. The request fits the schema; the database decides, and
  DRF answers `{"username": ["A user with that username already exists."]}`.
- no-such-record: AWX's team endpoint refuses 400 an `id` that names no
  user (`{"detail": "User matching query does not exist."}`), as AWX does;
  like uniqueness, existence is state no schema can state.
- sparse: an answer to a request whose `fields` names a field holds only
  the named fields, so "required" keys are missing, as the spec's
  description of `fields` says.
- read-only ignored: a request whose only schema violation is a read-only
  property (sent at all, or of the wrong type) is accepted, because DRF
  ignores read-only keys in a request, whatever their value.
- unknown query parameter ignored: a query parameter no operation declares
  is ignored, as by DRF (and HTTP servers at large); OpenAPI cannot say
  "no other parameter".
- null made a string: schemathesis's "negative" case that turns the `null`
  alternative of a nullable string property (`anyOf/1` of its 3.1 reading)
  into a string, which the property's other alternative takes: the value
  is valid, and accepted.
- query text: a "wrong type" for a query parameter that takes any text
  (`fields`: a number where a list of strings goes) is, once written in the
  query, text that the parameter rightly takes; and one written as nothing
  at all (an empty object) leaves an optional parameter out.
"""

import base64
import json
import re
import sys
from urllib.parse import parse_qsl, urlsplit
from collections import Counter


def response_text(interaction):
    content = (interaction or {}).get("response", {}).get("content") or {}
    if "$base64" in content:
        return base64.b64decode(content["$base64"]).decode("utf-8", "replace")
    return content.get("string", "") if isinstance(content, dict) else str(content)


def any_text(schema):
    """Whether every text is a value of this parameter schema: a plain
    string, or a list of them."""
    if not isinstance(schema, dict):
        return False
    if schema.get("type") == "array":
        return any_text(schema.get("items"))
    plain = {"type", "description", "nullable"}
    return schema.get("type") == "string" and set(schema) <= plain


def spec_facts(spec_paths):
    """Names of properties marked readOnly anywhere in the specs, of
    query parameters that take any text, of required query parameters, and
    of nullable string properties."""
    read_only, text_parameters, required_query, nullable_strings = set(), set(), set(), set()

    def walk(node):
        if isinstance(node, dict):
            for name, schema in (node.get("properties") or {}).items():
                if isinstance(schema, dict) and schema.get("readOnly"):
                    read_only.add(name)
                if isinstance(schema, dict) and schema.get("type") == "string" and schema.get("nullable"):
                    nullable_strings.add(name)
            if node.get("in") == "query" and any_text(node.get("schema")):
                text_parameters.add(node.get("name"))
            if node.get("in") == "query" and node.get("required"):
                required_query.add(node.get("name"))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    import yaml  # schemathesis depends on PyYAML

    for path in spec_paths:
        with open(path, encoding="utf-8") as spec:
            walk(yaml.safe_load(spec))
    return read_only, text_parameters, required_query, nullable_strings


def accepted(check, case, interaction, facts):
    """The accepted kind this failed check is, or None for a defect."""
    read_only, text_parameters, required_query, nullable_strings = facts
    uri = (interaction or {}).get("request", {}).get("uri", "")
    sent = {key for key, _ in parse_qsl(urlsplit(uri).query, keep_blank_values=True)}
    name = check["name"]
    status = (interaction or {}).get("response", {}).get("status_code")
    text = response_text(interaction)
    if name == "positive_data_acceptance" and status == 400:
        if "already exists" in text or "already in the account" in text:
            return "unique"
        if "matching query does not exist" in text:
            return "no-such-record"
    if name == "response_schema_conformance":
        fields = (case.get("query") or {}).get("fields")
        if isinstance(fields, str) and any(part for part in fields.split(",")):
            return "sparse"
    if name == "negative_data_rejection":
        message = check["failure_info"]["failure"].get("message", "")
        # One line a violation: `- body: violates `not` at /properties/id`
        # (or `in body - violates ...` when there is one).
        # With one component, it is named first (`parameters `a`, `b` in query`)
        # and each line is `- violates `type` at /properties/a`.
        only = re.search(r"Invalid component: (?:parameters .* )?in (\w+)\n", message)
        if only:
            violations = [(only.group(1), keyword, at) for keyword, at in re.findall(r"^\s*- violates `(\w+)`(?: at (\S+))?", message, re.M)]
        else:
            violations = re.findall(r"(query|body|header|path|cookie)\w*[: -]+violates `(\w+)`(?: at (\S+))?", message)
        ignored = []
        for location, keyword, at in violations:
            name_at = re.fullmatch(r"/properties/([^/]+)", at or "")
            if location == "body" and name_at and name_at.group(1) in read_only:
                ignored.append("read-only ignored")
            elif (
                location == "body"
                and keyword == "type"
                and re.fullmatch(r"/properties/([^/]+)/anyOf/\d+", at or "")
                and at.split("/")[2] in nullable_strings
                and f"at {at} (was null, became string)" in message
            ):
                ignored.append("null made a string")
            elif location == "query" and keyword == "additionalProperties":
                ignored.append("unknown query parameter ignored")
            elif location == "query" and name_at and name_at.group(1) in text_parameters:
                ignored.append("query text")
            elif location == "query" and name_at and name_at.group(1) not in sent | required_query:
                ignored.append("query text")
            else:
                return None
        if ignored:
            return " + ".join(sorted(set(ignored)))
    return None


def main(reports):
    facts = spec_facts(["spec/awx.yaml", "spec/bleemeo.yaml"])
    kinds = Counter()
    defects = {}
    for report in reports:
        with open(report, encoding="utf-8") as lines:
            for line in lines:
                event = json.loads(line)
                finished = event.get("ScenarioFinished")
                if not finished:
                    continue
                recorder = finished["recorder"]
                for case_id, checks in (recorder.get("checks") or {}).items():
                    for check in checks:
                        if check.get("status") != "failure":
                            continue
                        case = recorder["cases"][case_id]["value"]
                        interaction = (recorder.get("interactions") or {}).get(case_id)
                        kind = accepted(check, case, interaction, facts)
                        if kind:
                            kinds[kind] += 1
                            continue
                        failure = check["failure_info"]["failure"]
                        key = (failure.get("operation"), failure.get("code"), failure.get("title"))
                        uri = (interaction or {}).get("request", {}).get("uri", "")
                        defects.setdefault(key, (report, failure.get("message", ""), uri, response_text(interaction)))
    summary = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items())) or "none"
    print(f"schemathesis: accepted findings: {summary}")
    if not defects:
        print(f"schemathesis: no other finding in {len(reports)} run(s)")
        return 0
    for (operation, code, title), (report, message, uri, body) in sorted(defects.items()):
        print(f"\n{code} {title}: {operation} ({report})\n  {uri}\n  {message}\n  answer: {body[:300]}")
    print(f"\nschemathesis: {len(defects)} finding(s) outside the accepted kinds", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
