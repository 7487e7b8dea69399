"""The layers import downward only: rules ← models ← schemas ← services ← api ← the app and the CLI."""
import ast
from pathlib import Path

import pytest

SERVER = Path(__file__).resolve().parents[2] / "server"
# What each layer may import of Waypost's own packages (besides itself).
ALLOWED = {
    "rules": set(),
    "models": {"rules", "extensions"},
    "schemas": {"rules", "models", "extensions"},
    "services": {"rules", "models", "schemas", "extensions", "bundles"},
    "api": {"rules", "models", "schemas", "services", "extensions", "bundles", "jobs"},
}


def _waypost_imports(text: str, package: tuple[str, ...]) -> set[str]:
    """The top-level server packages or modules that code in `package` (say ("services", "kb_search")) imports."""
    found = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(package[:len(package) - (node.level - 1)])
            if node.module:
                found.add((base + node.module.split("."))[0])
            else:
                found.update((base + [alias.name])[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("server."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("server."))
    return found


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_each_layer_imports_only_the_layers_below_it(layer):
    wrong = {}
    for path in sorted((SERVER / layer).rglob("*.py")):
        package = path.relative_to(SERVER).parent.parts
        extra = _waypost_imports(path.read_text(encoding="utf-8"), package) - ALLOWED[layer] - {layer}
        if extra:
            wrong[str(path.relative_to(SERVER))] = sorted(extra)
    assert wrong == {}


def test_the_check_sees_relative_and_absolute_imports():
    """A schema importing a service, however it is spelled, is found; its own package's modules are not others'."""
    for text in ("from ..services.kb import x\n", "from ..services import kb\n", "import server.services.kb\n",
                 "from server.services import kb\n"):
        assert _waypost_imports(text, ("schemas",)) == {"services"}, text
    assert _waypost_imports("from ...rules.i18n import x\nfrom . import y\n", ("services", "kb_search")) == {
        "rules", "services"}
