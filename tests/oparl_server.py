"""A small OParl server for the import's tests, started on 127.0.0.1 in a thread.

It serves a System, its Body, the body's paper list (paginated, with the
``modified_since`` filter), Organizations, Meetings with agenda items and files, built
from the specification's examples (``../shared/oparl/examples/``) and the tests' own
papers, in OParl 1.1 or 1.0. Tests change its objects between runs and make it fail:
``fail[path] = [503, 503]`` answers the next requests of ``path`` with those statuses,
``stop_after_page = n`` answers every list page after the n-th with 500, ``raw[path]``
answers with given bytes.
"""

import copy
import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

EXAMPLES = Path(__file__).resolve().parent / "oparl_examples"
EXAMPLE_HOST = "https://oparl.example.org"
PAGE_SIZE = 2


def example(name, base):
    """A spec example with its URLs pointing at ``base``."""
    text = (EXAMPLES / f"{name}.json").read_text(encoding="utf-8")
    data = json.loads(text.replace(EXAMPLE_HOST, base))
    data.pop("$schema", None)
    return data


class OparlServer:
    def __init__(self, version="1.1"):
        self.version = version
        self.objects = {}  # path -> object
        self.papers = []  # the paper list, in order (dicts; duplicates allowed)
        self.fail = {}
        self.raw = {}
        self.stop_after_page = None
        self.requests = []  # (path, query)
        handler = self._handler()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    # --- content ---------------------------------------------------------------------

    def type(self, name):
        return f"https://schema.oparl.org/{self.version}/{name}"

    def url(self, path):
        return f"{self.base}{path}"

    def add(self, path, obj):
        obj = {**obj, "id": self.url(path)}
        self.objects[path] = obj
        return obj

    def setup_system(self, bodies=1):
        self.add(
            "/oparl",
            {
                "type": self.type("System"),
                "oparlVersion": f"https://schema.oparl.org/{self.version}/",
                "name": "Ratsinformationssystem der Teststadt",
                "body": self.url("/bodies"),
                "created": "2020-01-01T00:00:00+01:00",
                "modified": "2020-01-01T00:00:00+01:00",
            },
        )
        for number in range(1, bodies + 1):
            self.add(
                f"/bodies/{number}",
                {
                    "type": self.type("Body"),
                    "system": self.url("/oparl"),
                    "name": f"Teststadt {number}",
                    "shortName": f"T{number}",
                    "paper": self.url(f"/bodies/{number}/papers"),
                    "organization": self.url(f"/bodies/{number}/organizations"),
                    "meeting": self.url(f"/bodies/{number}/meetings"),
                    "created": "2020-01-01T00:00:00+01:00",
                    "modified": "2020-01-01T00:00:00+01:00",
                },
            )

    def organization(self, number, name, short_name, classification):
        return self.add(
            f"/organization/{number}",
            {
                "type": self.type("Organization"),
                "name": name,
                "shortName": short_name,
                "classification": classification,
                "created": "2020-01-01T00:00:00+01:00",
                "modified": "2020-01-01T00:00:00+01:00",
            },
        )

    def meeting(self, number, start, results=()):
        """A meeting; ``results`` are ``(consultation path, result text)`` of its agenda."""
        return self.add(
            f"/meeting/{number}",
            {
                "type": self.type("Meeting"),
                "name": f"{number}. Sitzung",
                "start": start,
                "agendaItem": [
                    {
                        "id": self.url(f"/agendaitem/{number}-{position}"),
                        "type": self.type("AgendaItem"),
                        "number": str(position + 1),
                        "order": position,
                        "consultation": self.url(consultation),
                        "result": result,
                    }
                    for position, (consultation, result) in enumerate(results)
                ],
                "created": "2020-01-01T00:00:00+01:00",
                "modified": "2020-01-01T00:00:00+01:00",
            },
        )

    def paper(self, number, reference, name, *, consultations=(), files=(), **extra):
        """A paper of the list; ``consultations`` are ``(organization no., meeting no.,
        role, authoritative)``, ``files`` file objects."""
        paper = {
            "id": self.url(f"/paper/{number}"),
            "type": self.type("Paper"),
            "body": self.url("/bodies/1"),
            "name": name,
            "reference": reference,
            "date": "2025-03-01",
            "paperType": "Beschlussvorlage",
            "consultation": [
                {
                    "id": self.url(f"/consultation/{number}-{position}"),
                    "type": self.type("Consultation"),
                    "paper": self.url(f"/paper/{number}"),
                    "organization": [self.url(f"/organization/{organization}")],
                    "meeting": self.url(f"/meeting/{meeting}"),
                    "role": role,
                    "authoritative": authoritative,
                }
                for position, (organization, meeting, role, authoritative) in enumerate(
                    consultations
                )
            ],
            "created": "2025-03-01T09:00:00+01:00",
            "modified": "2025-03-01T09:00:00+01:00",
            **extra,
        }
        if files:
            paper["mainFile"] = files[0]
            if files[1:]:
                paper["auxiliaryFile"] = list(files[1:])
        if not paper["consultation"]:
            del paper["consultation"]
        self.papers.append(paper)
        self.objects[f"/paper/{number}"] = paper
        return paper

    def file(self, number, name, content, file_name=None, declare_size=True):
        path = f"/files/{number}/{file_name or 'anlage.pdf'}"
        self.raw[path] = (200, "application/pdf", content)
        obj = {
            "id": self.url(f"/file/{number}"),
            "type": self.type("File"),
            "name": name,
            "fileName": file_name or "anlage.pdf",
            "mimeType": "application/pdf",
            "accessUrl": self.url(path),
            "created": "2025-03-01T09:00:00+01:00",
            "modified": "2025-03-01T09:00:00+01:00",
        }
        if declare_size:
            obj["size"] = len(content)
        return obj

    def touch(self, paper, **changes):
        """Change a paper as the source would: new values, ``modified`` now."""
        paper.update(changes)
        paper["modified"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")

    # --- serving ---------------------------------------------------------------------

    def paper_list(self, query):
        since = query.get("modified_since", [None])[0]
        papers = [
            p for p in self.papers if since is None or p.get("modified", "") >= since
        ]  # ISO timestamps in UTC (the import's, ``touch``'s): text order is time order
        page = int(query.get("page", ["1"])[0])
        if self.stop_after_page is not None and page > self.stop_after_page:
            return 500, {"type": self.type("Error"), "message": "Interner Fehler"}
        chunk = papers[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        links = {}
        if page * PAGE_SIZE < len(papers):
            params = {"page": page + 1}
            if since is not None:
                params["modified_since"] = since
            links["next"] = self.url(f"/bodies/1/papers?{urlencode(params)}")
        return 200, {
            "data": copy.deepcopy(chunk),
            "pagination": {"currentPage": page, "elementsPerPage": PAGE_SIZE},
            "links": links,
        }

    def answer(self, path, query):
        self.requests.append((path, query))
        failures = self.fail.get(path)
        if failures:
            return failures.pop(0), "application/json", b'{"message": "busy"}', {"Retry-After": "0"}
        if path in self.raw:
            status, content_type, content = self.raw[path]
            return status, content_type, content, {}
        if path == "/bodies":
            data = [
                o for p, o in self.objects.items() if p.startswith("/bodies/") and p.count("/") == 2
            ]
            status, obj = 200, {"data": data, "pagination": {}, "links": {}}
        elif path == "/bodies/1/papers":
            status, obj = self.paper_list(query)
        elif path in self.objects:
            status, obj = 200, self.objects[path]
        else:
            status, obj = 404, {"type": self.type("Error"), "message": "Nicht gefunden"}
        return status, "application/json", json.dumps(obj).encode(), {}

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parts = urlsplit(self.path)
                status, content_type, body, headers = server.answer(
                    parts.path, parse_qs(parts.query)
                )
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler
