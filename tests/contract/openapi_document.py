"""docs/openapi.yaml as the checks read it: loaded, its structure checked, its routes listed."""
import re

import yaml

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def load(path: str) -> dict:
    with open(path, encoding="utf-8") as source:
        return yaml.safe_load(source)


def resolve(document: dict, ref: str):
    if not ref.startswith("#/"):
        raise KeyError(ref)
    node = document
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def structure_problems(document: dict) -> list:
    """What makes the document wrong whether or not a meta-schema is at hand."""
    problems = []
    if document.get("openapi") != "3.1.0":
        problems.append("openapi is not 3.1.0")

    def refs(node, where):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref" and isinstance(value, str):
                    try:
                        resolve(document, value)
                    except (KeyError, TypeError):
                        problems.append(f"{where}: $ref {value} resolves to nothing")
                else:
                    refs(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                refs(value, f"{where}/{index}")

    refs(document, "#")
    for kind, items in (("path", document.get("paths", {})), ("webhook", document.get("webhooks", {}))):
        for name, item in items.items():
            operations = [m for m in METHODS if m in item]
            if not operations:
                problems.append(f"{kind} {name} has no operation")
            for method in operations:
                if not item[method].get("responses"):
                    problems.append(f"{method.upper()} {name} has no responses")
            for parameter in re.findall(r"{([^}]+)}", name) if kind == "path" else []:
                declared = [resolve(document, p["$ref"]).get("name") if "$ref" in p else p.get("name")
                            for p in item.get("parameters", []) + sum(
                                (item[m].get("parameters", []) for m in operations), [])]
                if parameter not in declared:
                    problems.append(f"path {name} does not declare its parameter {parameter}")
    return problems


def meta_schema_problems(document: dict):
    """The OpenAPI 3.1 meta-schema's verdict, or None when no validator for it is installed
    (Debian packages none; a developer's pip may have openapi-spec-validator)."""
    try:
        from openapi_spec_validator import validate  # noqa: PLC0415
    except ImportError:
        return None
    try:
        validate(document)
    except Exception as error:  # its error types differ by version
        return [str(error).splitlines()[0]]
    return []


def routes(document: dict) -> set:
    """Every "METHOD PATTERN" of the paths, with each {name} written {} as the Router writes it
    ({*}, a tail of several segments, is the path item's x-tail)."""
    found = set()
    for name, item in document.get("paths", {}).items():
        pattern = re.sub(r"{[^}]+}", "{}", name)
        if item.get("x-tail"):
            pattern = pattern[:pattern.rindex("{}")] + "{*}"
        found |= {f"{m.upper()} {pattern}" for m in METHODS if m in item}
    return found
