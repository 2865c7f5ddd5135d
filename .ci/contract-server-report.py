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
  `Authorization`, which OpenAPI says to ignore (the server does);
  a template with a fragment (`/tags/{arn}#tagKeys`), a path no request
  holds; `required` names what `additionalProperties: false` forbids;
- the tool's: `Accept-Encoding` set by schemathesis's HTTP client; a form
  value that schemathesis types otherwise than its text on the wire says;
- the generator's, chosen and documented: an integer beyond 64 bits in a
  `type: integer` without a format (read as i64); `properties` with no
  `type`, read as an object; `\\w` in a pattern read as Unicode's, as the
  services that write them (Django, Azure) do; a body in a media type the
  generated server does not read (a warning says so);
- to look at: anything else.

    python3 .ci/contract-server-report.py target/contract
"""

import base64
import json
import re
import sys
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
                        interaction.get("request", {}).get("uri", ""),
                        answer,
                    )


def classify(code, operation, message, answer):
    """(whose, class) of one finding."""
    text = f"{message}\n{answer}"
    if code in NOT_THE_SERVERS:
        return "not the server's", {"ST103": "undocumented status", "ST401": "any credentials", "ST301": "no state"}[code]
    if re.search(r"(Missing|missing required) `?'?(Accept|Content-Type|Authorization)'?`?|parameter `(Accept|Content-Type|Authorization)` in header", text):
        return "the spec's", "a header OpenAPI says to ignore"
    if "#" in (operation or "") and code in ("ST204", "ST205"):
        return "the spec's", "a template with a fragment"
    if "Accept-Encoding" in answer:
        return "the tool's", "Accept-Encoding of schemathesis's client"
    if re.search(r"number too (large|small) to fit|\"-?\d{20,}\"|expected i64", answer):
        return "the generator's, documented", "an integer beyond 64 bits"
    if re.search(r"expected struct \w+|Expected a dictionary, but got", answer):
        return "the generator's, documented", "properties without a type, read as an object"
    if "violates `pattern`" in message:
        return "the generator's, documented", "a pattern's \\w read as Unicode's"
    if "Unsupported media type" in answer or "in body - incorrect type" in message:
        return "the generator's, documented", "a media type the server does not read"
    if "is a required property" in message and code == "ST108":
        return "the spec's", "required, yet additionalProperties: false"
    return "to look at", code


def main(work):
    work = Path(work)
    rows = []
    for report in sorted((work / "runs").glob("*.ndjson")):
        module = report.stem
        for operation, code, title, message, uri, answer in findings(report):
            whose, kind = classify(code, operation, message, answer)
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
    print(f"server side: {total} operations run ({unrun} of specs not run); {clean} with no finding but those "
          f"not the server's ({share:.1f} %); {looked} with a finding to look at")
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
