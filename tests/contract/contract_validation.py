"""Judges one recorded exchange against docs/openapi.yaml: its route (path and method), its
status among the operation's responses, its Content-Type among the response's, and its body
against the schema (JSON; each event of an event stream against the schema of its type)."""
import json

import jsonschema

from openapi_document import resolve


def pointer(*parts) -> str:
    return "#/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def describe(error) -> str:
    """Where in the body and what, without quoting the body: (for oneOf, anyOf) the error of
    the alternative that came closest, so that like failures read alike."""
    while error.context:
        alternatives = {}
        for inner in error.context:
            alternatives.setdefault(inner.relative_schema_path[0], []).append(inner)
        closest = min(alternatives.values(), key=len)  # the alternative with the fewest errors
        error = jsonschema.exceptions.best_match(closest)
    where = "/".join("*" if isinstance(p, int) else str(p) for p in error.absolute_path) or "(body)"
    what = error.message if len(error.message) <= 120 else f"fails {error.validator!r} {error.validator_value!r}"[:160]
    return f"{where}: {what}"


class Contract:
    def __init__(self, document: dict):
        self.document = document
        self.paths = []  # (segments, tail, name)
        for name, item in document["paths"].items():
            segments = name.strip("/").split("/") if name != "/" else []
            self.paths.append((segments, bool(item.get("x-tail")), name))
        self.validators = {}
        self.judged = {}

    def match_path(self, path: str):
        segments = path.strip("/").split("/") if path.strip("/") else []
        if path.endswith("//"):
            return None  # one trailing slash is optional, not two
        for pattern, tail, name in self.paths:
            fixed = pattern[:-1] if tail else pattern
            if (len(segments) <= len(fixed)) if tail else (len(segments) != len(fixed)):
                continue
            if all(p.startswith("{") or p == s for p, s in zip(fixed, segments)) and all(segments[:len(fixed)]):
                return name
        return None

    def response(self, exchange):
        """(pointer, response object, operation name), or a problem as a string."""
        method = "get" if exchange.method == "HEAD" else exchange.method.lower()
        status = str(exchange.status)
        name = self.match_path(exchange.path)
        item = self.document["paths"].get(name, {})
        where = None
        if name is not None and method in item:
            operation = f"{method.upper()} {name}"
            where = ("paths", name, method, "responses")
        elif name is not None:
            operation = f"{exchange.method} {name} (not routed)"
            where = ("x-unrouted-responses", "method")
        else:
            operation = f"{exchange.method} {exchange.path} (no such path)"
            where = ("x-unrouted-responses", "path")
        responses = resolve(self.document, pointer(*where))
        # A scripted answer (a scenario's `respond`) is the operation's default response,
        # whatever its status: the scenario chose both status and body.
        scripted = "x-connectel-sim-fault" in exchange.headers
        if scripted and "default" in responses:
            status = "default"
        elif status not in responses and status in self.document["x-transport-responses"]:
            where = ("x-transport-responses",)
            responses = self.document["x-transport-responses"]
            operation += " (transport)"
        elif status not in responses and "default" in responses:
            status = "default"  # which then wants the header of a scripted answer
        if status not in responses:
            return operation, f"status {status} is not documented"
        at = pointer(*where, status)
        response = responses[status]
        if status == "default":
            operation += " (default)"
        while "$ref" in response:
            at = response["$ref"]
            response = resolve(self.document, at)
        return operation, (at, response)

    def inline(self, node):
        """`node` with every $ref replaced by what it points to: the document's references are
        all internal and none is recursive, and jsonschema validates several times faster
        without resolving them (and alike in every version)."""
        if isinstance(node, list):
            return [self.inline(item) for item in node]
        if not isinstance(node, dict):
            return node
        inlined = {key: self.inline(value) for key, value in node.items() if key != "$ref"}
        if "$ref" not in node:
            return inlined
        target = self.inline(resolve(self.document, node["$ref"]))
        return {"allOf": [target], **inlined} if inlined else target

    def validate_text(self, at: str, text) -> list:
        """The problems of a JSON text against the schema at `at`; an answer seen before is
        judged once (half the answers repeat one: health checks, refusals, events)."""
        key = (at, text)
        if key not in self.judged:
            try:
                self.judged[key] = self.validate(at, json.loads(text))
            except ValueError as error:
                self.judged[key] = [f"not JSON: {error}"]
        return self.judged[key]

    def validate(self, at: str, instance) -> list:
        validator = self.validators.get(at)
        if validator is None:
            schema = self.inline(resolve(self.document, at))
            validator = self.validators[at] = jsonschema.Draft202012Validator(schema)
        return [describe(error) for error in validator.iter_errors(instance)]

    def check(self, exchange):
        """(operation, what was validated, [problems], events validated)."""
        operation, found = self.response(exchange)
        if isinstance(found, str):
            return operation, None, [found], 0
        at, response = found
        header_problems = self.check_headers(response, exchange.headers)
        if header_problems:
            return operation, None, header_problems, 0
        content = response.get("content")
        if not content:
            if exchange.body and exchange.method != "HEAD":
                return operation, None, [f"a body ({exchange.media_type}) where the document has none"], 0
            return operation, "empty", [], 0
        media = exchange.media_type
        if media not in content:
            return operation, None, [f"Content-Type {media or '(none)'} is not one of {sorted(content)}"], 0
        if exchange.method == "HEAD" or not exchange.complete:
            return operation, "content type", [], 0
        schema_at = at + "/content/" + media.replace("~", "~0").replace("/", "~1")
        if media == "application/json":
            if "schema" not in content[media]:
                return operation, None, ["no schema for a JSON body"], 0
            return operation, "json", self.validate_text(schema_at + "/schema", exchange.body), 0
        if media == "text/event-stream":
            return (operation, "events", *self.check_events(schema_at, content[media], exchange.body))
        return operation, "content type", [], 0

    def check_headers(self, response: dict, headers: dict) -> list:
        problems = []
        for name, header in response.get("headers", {}).items():
            value = headers.get(name.lower())
            if value is None:
                if header.get("required"):
                    problems.append(f"no {name} header")
            elif "const" in header.get("schema", {}) and value != header["schema"]["const"]:
                problems.append(f"{name}: {value!r} is not {header['schema']['const']!r}")
        return problems

    def check_events(self, at: str, media: dict, body: bytes):
        """([problems], events validated)."""
        problems, types, checked = [], media.get("x-events", {}), 0
        blocks = body.decode("utf-8").split("\n\n")
        for block in blocks[:-1]:  # the last is what came after the last whole event
            fields = {}
            for line in block.split("\n"):
                if line.startswith(":"):
                    continue
                name, _, value = line.partition(":")
                value = value[1:] if value.startswith(" ") else value
                fields[name] = fields[name] + "\n" + value if name in fields else value
            if "data" not in fields:
                continue  # no event: the stream's `retry:` advice, or comments only
            event = fields.get("event", "message")
            if event not in types:
                problems.append(f"event {event} is not one of x-events")
                continue
            checked += 1
            schema_at = f"{at}/x-events/{event.replace('~', '~0').replace('/', '~1')}"
            problems += [f"event {event}: {p}" for p in self.validate_text(schema_at, fields["data"])]
        return problems, checked
