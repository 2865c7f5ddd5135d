"""Classifies the client side of `.ci/contract`: for each spec, the
crate's contract tests (runs/MODULE.client.txt, one request per test, in
order, one test at a time) beside Prism's log of the same run
(runs/MODULE.prism.log: each request received and the violations Prism
found in it). Writes WORK/client.tsv and prints the totals.

Outcomes, per operation with a test:
- passed: Prism found no error in the request, and the client read its
  answer (a documented status, a body of the response type);
- refused: Prism found an error in the request (the violations say which);
- spec-answer: Prism accepted the request, and answered with what the
  spec itself says is wrong (an example that breaks its schema: Prism
  logs the violations of its own answer), which the client refused;
- undecoded: Prism accepted the request and gave an answer that fits the
  spec, and the client could not read it (the error says why);
- not-sent: the test failed before a request left (a value of the request
  did not read into its type);
- prism-cannot: Prism could not answer as the spec says (an object
  declared as text/plain, say) and said so;
- unserved: Prism stopped (it crashed on a request) before this one.
Operations without a test (a multipart body, which the tests do not
build) are counted apart, and so are the specs Prism could not serve.

    python3 .ci/contract-report.py target/contract
"""

import json
import re
import sys
from pathlib import Path

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
RECEIVED = re.compile(r"\[HTTP SERVER\] (\w+) (\S+) .*Request received")
VIOLATION = re.compile(r"\[VALIDATOR\] ✖\s+error\s+(?:Violation: )?(.*)")
TERMINATED = re.compile(r"Request terminated with error: \S*#(\w+)")
# Prism's own exceptions (a stack overflow, a dynamic answer without a schema).
PRISM_FAILED = re.compile(r"Request terminated with error: Error: (.*)")
# Prism's errors that are not about the request: it cannot build the answer.
PRISM_CANNOT = ("NO_COMPLEX_OBJECT_TEXT", "NOT_ACCEPTABLE", "NO_RESPONSE_DEFINED")
RESULT = re.compile(r"^test (\S+) \.\.\. (ok|FAILED)$")
NOT_SENT = ("does not read", "set CONTRACT_URL", "builder error", "invalid URL", "invalid request: ")
# Header parameters OpenAPI says to ignore, which Prism checks all the same.
IGNORED_HEADER = re.compile(r"Request header must have required property '(content-type|accept|authorization)'")
# A list in a form body, sent as OpenAPI's default (`style: form`, `explode:
# true`) has it, a pair per item: Prism reads repeated keys as one value.
FORM_LIST = re.compile(r"^Request body property (\S+) must be array")
# An untyped `enum` of booleans or numbers in the query: Prism compares the
# query's text with the values themselves, so no request can meet it.
UNTYPED_ENUM = re.compile(r"^Request query parameter (\S+) must be equal to one of the allowed values")
# A header of an answer that does not read as its schema's type (`X-HasMore:
# null` for a boolean): the client's readings of scalars are exact.
BAD_HEADER = re.compile(r"answer's `[^`]+` header is invalid: \"")
# A pattern with a Unicode property (`\p{L}`): Prism's faker and validator
# read it without ECMA-262's `u` flag, as the letters `p{L}`, and build text
# of them; JSON Schema 2020-12 (6.4) asks for Unicode support, as the client
# reads it.
UNICODE_PATTERN = re.compile(r'must match the pattern "[^"]*\\\\[pP]\{')
# "must be at least 1 characters long (minLength), got 0": the answer's own
# text breaks the schema's `minLength` (Prism's faker builds a text for a
# `pattern` that allows it empty, and does not mind `minLength` beside it).
TOO_SHORT = re.compile(r"must be at least (\d+) characters long \(minLength\), got (\d+)")


def too_short(message):
    found = TOO_SHORT.search(message)
    return bool(found) and int(found.group(2)) < int(found.group(1))


def requests(log, fragment_paths):
    """The requests Prism received, in order: (method, path, [error violations]);
    Prism's own failure to answer is a violation `prism: CODE`."""
    found = []
    for line in log.splitlines():
        received = RECEIVED.search(line)
        if received:
            found.append((received.group(1).upper(), received.group(2), []))
            continue
        failed = PRISM_FAILED.search(line)
        if failed and found:
            found[-1][2].append(f"prism: {failed.group(1).strip()}")
            continue
        terminated = TERMINATED.search(line)
        if terminated and found and terminated.group(1) in PRISM_CANNOT:
            found[-1][2].append(f"prism: {terminated.group(1)}")
            continue
        # A path the spec writes with a fragment (AWS's `/#X-Amz-Target=...`),
        # requested without it as HTTP sends it: Prism matches the fragment.
        if terminated and found and terminated.group(1) in ("NO_PATH_MATCHED_ERROR", "NO_METHOD_MATCHED_ERROR"):
            if any(template.fullmatch(found[-1][1]) for template in fragment_paths):
                found[-1][2].append(f"prism: {terminated.group(1)} for a path the spec writes with a fragment")
            continue
        violation = VIOLATION.search(line)
        if violation and found:
            found[-1][2].append(violation.group(1).strip())
    return found


def fragment_templates(spec):
    """The paths of the spec written with a fragment, as patterns of the
    path before it (each parameter any segment text)."""
    document = json.loads(Path(spec).read_text())
    templates = []
    for path in document.get("paths", {}):
        if "#" in path:
            before = path.split("#", 1)[0]
            pattern = "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in re.split(r"(\{[^}]*\})", before))
            templates.append(re.compile(pattern))
    return templates


def template_pattern(path):
    """The path before any fragment, each parameter any segment text."""
    before = path.split("#", 1)[0]
    return re.compile("".join("[^/]+" if p.startswith("{") else re.escape(p) for p in re.split(r"(\{[^}]*\})", before)))


def called(contract_rs):
    """What each test calls, from tests/contract.rs: `module::test` → (METHOD, path pattern)."""
    found, module = {}, None
    pending = None
    for line in contract_rs.splitlines():
        opened = re.match(r"^mod (\w+) \{", line)
        if opened:
            module = opened.group(1)
        ignore = re.search(r'#\[ignore = "calls (\w+) (\S+) at CONTRACT_URL"\]', line)
        if ignore:
            pending = (ignore.group(1), template_pattern(ignore.group(2)), ignore.group(2))
        test = re.match(r"^\s*fn (\w+)\(\)", line)
        if test and pending and module:
            found[f"{module}::{test.group(1)}"] = pending
            pending = None
    return found


def default_form_lists(document, method, path):
    """The properties of the operation's URL-encoded body that have no
    `encoding` of their own."""
    operation = document.get("paths", {}).get(path, {}).get(method.lower(), {})
    body = operation.get("requestBody", {})
    if "$ref" in body:
        body = document.get("components", {}).get("requestBodies", {}).get(body["$ref"].rsplit("/", 1)[-1], {})
    form = body.get("content", {}).get("application/x-www-form-urlencoded")
    if not form:
        return set()
    schema = form.get("schema", {})
    if "$ref" in schema:
        schema = document.get("components", {}).get("schemas", {}).get(schema["$ref"].rsplit("/", 1)[-1], {})
    return set(schema.get("properties", {})) - set(form.get("encoding", {}))


def untyped_enum_parameters(document, method, path):
    """The operation's query parameters whose schema is an `enum` of values
    that are not strings, with no `type`."""
    def resolve(node):
        while isinstance(node, dict) and "$ref" in node:
            target = document
            for part in node["$ref"].lstrip("#/").split("/"):
                part = part.replace("~1", "/").replace("~0", "~")
                if isinstance(target, list):
                    target = target[int(part)] if part.isdigit() and int(part) < len(target) else {}
                elif isinstance(target, dict):
                    target = target.get(part, {})
                else:
                    target = {}
            node = target
        return node

    item = document.get("paths", {}).get(path, {})
    parameters = item.get("parameters", []) + item.get(method.lower(), {}).get("parameters", [])
    found = set()
    for parameter in map(resolve, parameters):
        schema = resolve(parameter.get("schema", {}))
        values = schema.get("enum") or []
        if parameter.get("in") == "query" and "type" not in schema and any(not isinstance(v, str) for v in values):
            found.add(parameter.get("name"))
    return found


def take(received, method, pattern):
    """The first request still unclaimed that the test made, if any."""
    for index, (got_method, path, violations) in enumerate(received):
        if got_method == method and pattern.fullmatch(path.split("?", 1)[0]):
            del received[: index + 1]
            return violations
    return None


def tests(output):
    """The tests in the order they ran: (name, passed, failure message)."""
    results = [(m.group(1), m.group(2) == "ok") for m in map(RESULT.match, output.splitlines()) if m]
    messages = {}
    for block in re.split(r"^---- ", output, flags=re.M)[1:]:
        name = block.split(" ", 1)[0]
        panicked = re.search(r"panicked at [^\n]*:\n(.*?)(?:\nnote: |\n\n|\Z)", block, re.S)
        messages[name] = panicked.group(1).strip() if panicked else block.strip().splitlines()[-1]
    return [(name, passed, messages.get(name, "")) for name, passed in results]


def operations(spec):
    document = json.loads(Path(spec).read_text())
    return sum(1 for item in document.get("paths", {}).values() if isinstance(item, dict) for m in item if m in METHODS)


def main(work):
    work = Path(work)
    rows = []
    totals = {"operations": 0, "unserved": 0, "tested": 0, "passed": 0, "refused": 0, "spec-answer": 0, "undecoded": 0, "not-sent": 0, "prism-cannot": 0}
    calls = called((work / "crate" / "tests" / "contract.rs").read_text())
    for spec in sorted((work / "specs").glob("*.json")):
        module = spec.stem
        output_file = work / "runs" / f"{module}.client.txt"
        totals["operations"] += operations(spec)
        if not output_file.exists():
            totals["unserved"] += operations(spec)
            rows.append((module, "*", "unserved", "Prism did not serve the spec"))
            continue
        document = json.loads(spec.read_text())
        log = (work / "runs" / f"{module}.prism.log").read_text(errors="replace")
        received = requests(log, fragment_templates(spec))
        # Prism's own crash (an exception of Node.js) ends the run of the spec.
        died = re.search(r"^(\w*Error: .*)$", log, re.M)
        prism_died = died.group(1) if died else ""
        for name, passed, message in tests(output_file.read_text(errors="replace")):
            totals["tested"] += 1
            operation = name.split("::", 1)[-1]
            if not passed and any(marker in message for marker in NOT_SENT):
                outcome, detail = "not-sent", message
            elif not passed and "transport error" in message and prism_died:
                outcome, detail = "unserved", "Prism stopped serving: " + prism_died
            else:
                method, pattern, path = calls.get(name, ("", re.compile(""), ""))
                violations = take(received, method, pattern) or []
                lists = default_form_lists(document, method, path)
                form_lists = [v for v in violations if FORM_LIST.match(v) and FORM_LIST.match(v).group(1) in lists]
                if form_lists:
                    violations = [v for v in violations if v not in form_lists and not any(
                        v.endswith(f) for f in form_lists)] + [
                        "prism: reads the repeated keys of a form's list (OpenAPI's default) as one value"
                    ]
                untyped = untyped_enum_parameters(document, method, path)
                enums = [v for v in violations if UNTYPED_ENUM.match(v) and UNTYPED_ENUM.match(v).group(1) in untyped]
                if enums:
                    violations = [v for v in violations if v not in enums] + [
                        "prism: compares a query's text with an untyped enum's booleans and numbers"
                    ]
                ignored = [v for v in violations if IGNORED_HEADER.search(v)]
                if ignored:
                    violations = [v for v in violations if v not in ignored] + [
                        "prism: requires a header parameter OpenAPI says to ignore"
                    ]
                of_request = [v for v in violations if v.lower().startswith("request")]
                of_answer = [v for v in violations if v.lower().startswith("response")]
                of_prism = [v for v in violations if v.startswith("prism: ")]
                if of_prism and not passed:
                    outcome, detail = "prism-cannot", f"{'; '.join(of_prism)} ({message})"
                elif of_request:
                    outcome, detail = "refused", "; ".join(of_request)
                elif passed:
                    outcome, detail = "passed", ""
                elif of_answer:
                    outcome, detail = "spec-answer", f"{message} (Prism: {'; '.join(of_answer)})"
                elif BAD_HEADER.search(message):
                    outcome, detail = "spec-answer", f"{message} (a header value not of its type)"
                elif UNICODE_PATTERN.search(message):
                    outcome, detail = "spec-answer", f"{message} (Prism reads `\\p{{..}}` without Unicode)"
                elif too_short(message):
                    outcome, detail = "spec-answer", f"{message} (Prism's faker builds a pattern's text, not minding `minLength`)"
                else:
                    outcome, detail = "undecoded", message
            totals[outcome] += 1
            rows.append((module, operation, outcome, " ".join(detail.split())[:500]))
    with open(work / "client.tsv", "w") as out:
        out.write("spec\toperation\toutcome\tdetail\n")
        for row in rows:
            out.write("\t".join(row) + "\n")
    share = 100 * totals["passed"] / totals["tested"] if totals["tested"] else 0
    print(
        f"client side: {totals['operations']} operations ({totals['unserved']} not served: a spec Prism could not load, or called after it crashed), "
        f"{totals['tested']} with a test; "
        f"{totals['passed']} passed ({share:.1f} %), {totals['refused']} refused by Prism, "
        f"{totals['spec-answer']} answers that break the spec refused by the client, "
        f"{totals['undecoded']} answers not read, {totals['not-sent']} not sent, "
        f"{totals['prism-cannot']} Prism could not answer; details in {work / 'client.tsv'}"
    )


if __name__ == "__main__":
    main(sys.argv[1])
