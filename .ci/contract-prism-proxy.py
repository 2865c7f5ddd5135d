#!/usr/bin/env python3
"""Stands before Prism and routes by what a path's fragment names.

A spec may tell operations of one path and method apart by a fragment
(AWS's `POST /#X-Amz-Target=AmazonForecast.CreateDataset`, `DELETE
/tags/{arn}#tagKeys`). A fragment is never sent: the client sends the
path before it, with the header or query parameter the fragment names.
Prism routes by path alone, so `.ci/contract-prism-spec.py` serves each
such path under `/_fragment/N` and writes the table (ROUTES.json); this
proxy sends a request that meets one of its rows (method, path, every
condition) to that prefix, as the generated server selects the
operation, and every other request unchanged. It changes nothing Prism
validates: the header or query parameter stays in the request.

    .ci/contract-prism-proxy.py PORT PRISM_PORT ROUTES.json
"""
import http.client
import json
import re
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

# Hop-by-hop headers, not forwarded (RFC 9110, 7.6.1).
HOP = {"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"}


def pattern(path):
    """The template as a pattern of the path sent: a parameter is one segment's text."""
    parts = re.split(r"(\{[^}]*\})", path)
    return re.compile("".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts))


def routes(file):
    with open(file) as source:
        rows = json.load(source)
    for row in rows:
        row["pattern"] = pattern(row["path"])
    # The most specific first: the row with the most conditions wins.
    return sorted(rows, key=lambda row: -len(row["conditions"]))


def holds(condition, headers, query):
    if condition["in"] == "header":
        value = headers.get(condition["name"])
    else:
        value = next((v for k, v in query if k == condition["name"]), None)
    return value is not None and (condition["value"] is None or value == condition["value"])


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def target(self):
        url = urlsplit(self.path)
        query = parse_qsl(url.query, keep_blank_values=True)
        for row in ROUTES:
            if row["method"] == self.command and row["pattern"].fullmatch(url.path):
                if all(holds(c, self.headers, query) for c in row["conditions"]):
                    return row["prefix"] + self.path
        return self.path

    def forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP}
        prism = http.client.HTTPConnection("127.0.0.1", PRISM_PORT, timeout=120)
        try:
            prism.request(self.command, self.target(), body=body, headers=headers)
            answer = prism.getresponse()
            content = answer.read()
        except OSError as error:
            self.send_error(502, f"Prism: {error}")
            return
        finally:
            prism.close()
        self.send_response(answer.status, answer.reason)
        for key, value in answer.getheaders():
            if key.lower() not in HOP and key.lower() != "content-length":
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(content)

    do_GET = do_PUT = do_POST = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = do_TRACE = forward

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    port, PRISM_PORT, ROUTES = int(sys.argv[1]), int(sys.argv[2]), routes(sys.argv[3])
    ThreadingHTTPServer(("127.0.0.1", port), Proxy).serve_forever()
