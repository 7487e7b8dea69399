"""Tour files on disk: loading with problems at their line and column, validating many, dumping canonically."""
import json
import os
import re
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import NamedTuple

import yaml
from marshmallow import ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..schemas.experience_spec import ExperienceSpecSchema, experience_type
from ..schemas.tour_spec import STEP_KEYS, describe_path, flatten_errors

SUFFIXES = (".yaml", ".yml", ".json")
NOT_TOURS = {"schema.json"}
MAX_FILE_BYTES = 1_000_000
_STR, _BOOL, _INT, _FLOAT = (f"tag:yaml.org,2002:{t}" for t in ("str", "bool", "int", "float"))
_MERGE = "tag:yaml.org,2002:merge"


class Problem(NamedTuple):
    file: str
    line: int
    col: int
    message: str


def format_problem(problem: Problem) -> str:
    """`file:line: message`, as the contract has it (the column orders problems within a line)."""
    return f"{problem.file}:{problem.line}: {problem.message}"


class TourLoader(yaml.SafeLoader):
    """YAML 1.2 scalars: only true/false are booleans (not yes/no/on/off, so `no:` stays Norwegian),
    and no sexagesimal numbers or timestamps that would turn `10:30` or `2024-05-01` into non-strings."""

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag in ("tag:yaml.org,2002:null", _MERGE)]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


TourLoader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
TourLoader.add_implicit_resolver(_INT, re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*)|0x[0-9a-fA-F]+)$"), list("-+0123456789"))
TourLoader.add_implicit_resolver(
    _FLOAT,
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+)|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."),
)


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _duplicate_keys(root: Node) -> list[tuple[tuple[int, int], str]]:
    found, seen_nodes, stack = [], set(), [root]
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, MappingNode):
            first: dict = {}
            for key, value in node.value:
                if isinstance(key, ScalarNode) and key.tag != _MERGE:
                    if key.value in first:
                        found.append((_mark(key), f"Duplicate key {key.value!r} (first at line {first[key.value]})."))
                    else:
                        first[key.value] = key.start_mark.line + 1
                stack += [key, value]
        elif isinstance(node, SequenceNode):
            stack += node.value
    return sorted(found)


def _locate(root: Node | None, path: tuple, message: str = "") -> tuple[int, int]:
    """Where an error at `path` (field names and list indices) is in the document.

    Unknown keys and errors about a whole mapping or list point at their key; errors about a
    scalar point at the value; a missing key points at the mapping that lacks it.
    """
    if root is None:
        return 1, 1
    node, key_node = root, None
    for segment in path:
        if segment == "_schema":
            continue
        if isinstance(node, MappingNode):
            entries = [(k, v) for k, v in node.value if isinstance(k, ScalarNode) and k.value == str(segment)]
            if not entries:
                return _mark(node)
            key_node, node = entries[-1]
        elif isinstance(node, SequenceNode) and isinstance(segment, int) and segment < len(node.value):
            key_node, node = None, node.value[segment]
        else:
            break
    if key_node is not None and (message == "Unknown field." or not isinstance(node, ScalarNode)):
        return _mark(key_node)
    return _mark(node)


def _parse(text: str, file: str, is_json: bool) -> tuple[object, Node | None, list[Problem]]:
    """The data of a document, its YAML node tree (for positions) and any syntax problems."""
    if is_json:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            return None, None, [Problem(file, exc.lineno, exc.colno, f"JSON syntax error: {exc.msg}.")]
        try:  # JSON is YAML, apart from tabs, which valid JSON only has as whitespace
            root = yaml.compose(text.replace("\t", " "), Loader=TourLoader)
        except yaml.YAMLError:
            root = None
        return data, root, []
    loader = TourLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark, context = exc.problem_mark or exc.context_mark, exc.context_mark
        what = exc.problem or exc.context
        if exc.context and exc.problem and exc.problem.startswith("but "):
            what = f"{exc.context}, {exc.problem}"
        elif exc.context and exc.problem and context:
            what += f" ({exc.context} at line {context.line + 1}, column {context.column + 1})"
        kind = "YAML error" if isinstance(exc, yaml.constructor.ConstructorError) else "YAML syntax error"
        return None, None, [Problem(file, mark.line + 1, mark.column + 1, f"{kind}: {what}.")]
    except yaml.YAMLError as exc:
        return None, None, [Problem(file, 1, 1, f"YAML error: {exc}.")]
    finally:
        loader.dispose()
    return data, root, []


def _load(path) -> tuple[dict | None, list[Problem], Callable[[tuple], tuple[int, int]]]:
    file, nowhere = os.fspath(path), partial(_locate, None)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        return None, [Problem(file, 1, 1, f"Can't read the file: {exc.strerror or exc}.")], nowhere
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(file, 1, 1, f"Larger than {MAX_FILE_BYTES:,} bytes; a tour file is far smaller.")], nowhere
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(file, line, 1, "Not UTF-8 text.")], nowhere
    data, root, problems = _parse(text, file, Path(path).suffix.lower() == ".json")
    if problems:
        return None, problems, nowhere
    where = partial(_locate, root)
    if data is None:
        return None, [Problem(file, 1, 1, "The file is empty; a tour needs id, name and steps.")], where
    problems = [Problem(file, *position, message) for position, message in (_duplicate_keys(root) if root else [])]
    if not isinstance(data, dict):
        return None, [*problems, Problem(file, *where(()), "A tour is a mapping with id, name and steps.")], where
    try:
        spec = ExperienceSpecSchema().load(data)
    except ValidationError as exc:
        for error_path, message in flatten_errors(exc.messages):
            name = describe_path(error_path)
            problems.append(Problem(file, *where(error_path, message), f"{name}: {message}" if name else message))
        problems.sort(key=lambda problem: (problem.line, problem.col))
        spec = None
    return (None if problems else spec), problems, where


def load_located(path) -> tuple[dict | None, list[Problem], Callable[..., tuple[int, int]]]:
    """load_tour_file, with the function that gives the line and column of a path in the spec ((\"steps\", 2,
    \"target\") → (14, 13)) for reports about the file."""
    return _load(path)


def load_tour_file(path) -> tuple[dict | None, list[Problem]]:
    """A tour file (.yaml, .yml or .json) as a normalized spec, or None and the problems found."""
    spec, problems, _where = _load(path)
    return spec, problems


def expand_paths(paths) -> tuple[list[Path], list[Problem]]:
    """The tour files that paths name: files as given, directories' *.yaml, *.yml and *.json
    (not schema.json, not recursively), each file once; plus problems with paths that name none."""
    problems: list[Problem] = []
    files: dict[Path, Path] = {}
    for given in map(Path, paths):
        if given.is_dir():
            found = sorted(p for p in given.iterdir() if p.suffix.lower() in SUFFIXES and p.name not in NOT_TOURS and p.is_file())
            if not found:
                problems.append(Problem(os.fspath(given), 1, 1, "No tour files (*.yaml, *.yml, *.json) in this directory."))
            candidates = found
        elif not given.exists():
            problems.append(Problem(os.fspath(given), 1, 1, "No such file or directory."))
            continue
        elif given.suffix.lower() not in SUFFIXES:
            problems.append(Problem(os.fspath(given), 1, 1, "Not a tour file: expected .yaml, .yml or .json."))
            continue
        else:
            candidates = [] if given.name in NOT_TOURS else [given]
        for candidate in candidates:
            files.setdefault(candidate.resolve(), candidate)
    return list(files.values()), problems


def validate_paths(paths) -> list[Problem]:
    """Every problem in the given tour files and directories (their *.yaml, *.yml, *.json),
    including a tour id used by more than one file."""
    files, problems = expand_paths(paths)
    first_use: dict[str, str] = {}
    for path in files:
        spec, file_problems, where = _load(path)
        problems += file_problems
        if spec is None:
            continue
        line, col = where(("id",))
        if spec["id"] in first_use:
            message = f"id: Tour id {spec['id']!r} is also used by {first_use[spec['id']]}."
            problems.append(Problem(os.fspath(path), line, col, message))
        else:
            first_use[spec["id"]] = f"{os.fspath(path)}:{line}"
    return problems


class _TourDumper(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


class _Flow(list):
    pass


class _FlowMap(dict):
    pass


def _represent_str(dumper: yaml.SafeDumper, value: str):
    style = None
    if "\n" in value:
        style = "|"
    elif TourLoader.resolve(TourLoader, ScalarNode, value, (True, False)) != _STR:
        style = "'"  # would load as a bool or number under our YAML 1.2 rules
    return dumper.represent_scalar(_STR, value, style=style)


_TourDumper.add_representer(str, _represent_str)
_TourDumper.add_representer(_Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
_TourDumper.add_representer(_FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True))

_STEP_DEFAULTS = {"target": None, "body": "", "advance_on": "next", "url": None}


def _step_default(step: dict, key: str):
    if key == "placement":
        return "bottom" if step.get("target") is not None else "center"
    return _STEP_DEFAULTS.get(key)


def _canonical(spec: dict) -> dict:
    kind = experience_type(spec)
    out: dict = {"id": spec["id"]}
    if kind != "tour":
        out["type"] = kind
    out["name"] = spec["name"]
    if spec.get("auto"):
        out["auto"] = True
    if spec.get("match"):
        out["match"] = _FlowMap(spec["match"])
    audience = spec.get("audience")
    if audience and "traits" in audience:
        out["audience"] = {"traits": {k: _Flow(v) for k, v in audience["traits"].items()}}
    elif audience:
        out["audience"] = audience
    if spec.get("schedule") is not None:
        out["schedule"] = _FlowMap({k: v for k, v in spec["schedule"].items() if v is not None})
    if spec.get("locale", "en") != "en":
        out["locale"] = spec["locale"]
    for key in ("trigger", "frequency", "goal"):  # absent unless authored, like the schema's
        if spec.get(key) is not None:
            out[key] = _FlowMap(spec[key])
    for key in ("priority", "holdout", "sample_url"):
        if spec.get(key) is not None:
            out[key] = spec[key]
    if spec.get("variant"):
        out["variant"] = spec["variant"]
    out.update({"tour": _canonical_tour_body, "banner": _canonical_banner, "survey": _canonical_survey,
                "checklist": _canonical_checklist, "hotspot": _canonical_hotspots}[kind](spec))
    return out


def _canonical_tour_body(spec: dict) -> dict:
    out: dict = {"steps": []}
    for step in spec["steps"]:
        out["steps"].append({
            key: step[key] for key in STEP_KEYS
            if key in ("id", "title") or (key in step and step[key] != _step_default(step, key))
        })
    translations = {}
    for code, translation in (spec.get("translations") or {}).items():
        entry = {"name": translation["name"]} if translation.get("name") is not None else {}
        if translation.get("steps"):
            entry["steps"] = {sid: dict(texts) for sid, texts in translation["steps"].items()}
        translations[code] = entry
    if translations:
        out["translations"] = translations
    return out


_BANNER_DEFAULTS = {"position": "top", "style": "inline", "button": None, "dismissible": True}


def _canonical_banner(spec: dict) -> dict:
    out = {"text": spec["text"]}
    out.update({key: spec[key] for key, default in _BANNER_DEFAULTS.items() if spec.get(key, default) != default})
    if out.get("button"):
        out["button"] = _FlowMap(out["button"])
    if spec.get("translations"):
        out["translations"] = {code: dict(t) for code, t in spec["translations"].items()}
    return out


def _canonical_survey(spec: dict) -> dict:
    question = dict(spec["question"])
    if "choices" in question:
        question["choices"] = [_FlowMap(choice) for choice in question["choices"]]
    out: dict = {"question": question}
    if spec.get("thanks"):
        out["thanks"] = spec["thanks"]
    if spec.get("trigger", {"on": "page"}) != {"on": "page"}:
        out["trigger"] = _FlowMap(spec["trigger"])
    if spec.get("translations"):
        out["translations"] = {code: dict(t) for code, t in spec["translations"].items()}
    return out


def _canonical_checklist(spec: dict) -> dict:
    tasks = []
    for task in spec["tasks"]:
        out = {"id": task["id"], "title": task["title"]}
        if task.get("description"):
            out["description"] = task["description"]
        if task.get("action"):
            out["action"] = _FlowMap(task["action"])
        if task.get("done_on") and task["done_on"] != {"tour": (task.get("action") or {}).get("tour")}:
            out["done_on"] = _FlowMap(task["done_on"])
        tasks.append(out)
    out = {"tasks": tasks}
    if spec.get("position", "bottom-start") != "bottom-start":
        out["position"] = spec["position"]
    if spec.get("translations"):
        out["translations"] = {code: dict(t) for code, t in spec["translations"].items()}
    return out


def _canonical_hotspots(spec: dict) -> dict:
    spots = []
    for spot in spec["hotspots"]:
        out = {"id": spot["id"], "target": spot["target"]}
        if spot.get("corner", "top-end") != "top-end":
            out["corner"] = spot["corner"]
        out["title"] = spot["title"]
        out.update({key: spot[key] for key in ("body", "tour") if spot.get(key)})
        spots.append(out)
    out = {"hotspots": spots}
    if spec.get("translations"):
        out["translations"] = {code: dict(t) for code, t in spec["translations"].items()}
    return out


def dump_tour_file(spec: dict) -> str:
    """Canonical YAML for a spec: fixed key order, defaults left out; loading it gives the spec back."""
    return yaml.dump(_canonical(spec), Dumper=_TourDumper, sort_keys=False, allow_unicode=True, width=4096)
