"""The snippet's weight on the wire, gzipped at level 9, beside the main bundles of three peers: what a page that shows
a tour loads (dist/waypost.js, the core chunks it imports and the tour chunk), with the core alone and the help
widget's chunk reported beside it (sdk_js/scripts/check-size.mjs checks each part's budget).

Peers are installed at exact versions with `npm install --no-save --prefix <tempdir>`; each one's bundle is the
first of the package.json fields unpkg, jsdelivr, browser, main that names a file. Their CSS, which the page
must load as well (Waypost's styles are inside its bundle), is reported apart.
"""
import gzip
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import common
from common import emit, log

GOAL = 14 * 1024  # a page with a tour: the core's budget (6 KiB) and the tour chunk's (8 KiB), check-size.mjs
SDK = common.ROOT / "sdk_js" / "dist" / "waypost.js"
PEERS = {"driver.js": "1.8.0", "shepherd.js": "15.3.0", "intro.js": "8.6.0"}
CSS = {"driver.js": "dist/driver.css", "shepherd.js": "dist/css/shepherd.css", "intro.js": "minified/introjs.min.css"}
FIELDS = ("unpkg", "jsdelivr", "browser", "main")


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def bundle_of(package_dir: Path) -> str:
    meta = json.loads((package_dir / "package.json").read_text())
    for field in FIELDS:
        value = meta.get(field)
        if isinstance(value, str) and (package_dir / value).is_file():
            return value.removeprefix("./")
    raise RuntimeError(f"{package_dir.name}: none of {FIELDS} names a file")


def parts() -> dict[str, list[Path]]:
    """The files of each part, as the size check counts them (dist/chunks.json: which chunk imports which)."""
    dist = SDK.parent
    chunks = json.loads((dist / "chunks.json").read_text())
    core = next(f for f, c in chunks.items() if (c.get("entryPoint") or "").endswith("core.ts"))

    def closure(file: str, loaded: set) -> set:
        found: set = set()
        todo = [file]
        while todo:
            f = todo.pop()
            if f in loaded or f in found:
                continue
            found.add(f)
            todo += [i["path"] for i in chunks[f]["imports"] if i["kind"] == "import-statement"]
        return found

    def dynamic(name: str) -> str:
        return next(i["path"] for i in chunks[core]["imports"] if i["kind"] == "dynamic-import" and f"/{name}-" in i["path"])

    core_files = closure(core, set())
    root = common.ROOT / "sdk_js"
    return {"core": [SDK, *(root / f for f in sorted(core_files))],
            "tour": [root / f for f in sorted(closure(dynamic("tour"), core_files))],
            "help": [root / f for f in sorted(closure(dynamic("help"), core_files))],
            "banner": [root / f for f in sorted(closure(dynamic("banner"), core_files))],
            "survey": [root / f for f in sorted(closure(dynamic("survey"), core_files))],
            "checklist": [root / f for f in sorted(closure(dynamic("checklist"), core_files))],
            "hotspot": [root / f for f in sorted(closure(dynamic("hotspot"), core_files))]}


def main() -> int:
    if not SDK.is_file():
        raise SystemExit(f"{SDK} is missing: run `make build` (or `cd sdk_js && npm run build`) first")
    sizes = {name: sum(gz(f.read_bytes()) for f in files) for name, files in parts().items()}
    ours = sizes["core"] + sizes["tour"]
    with tempfile.TemporaryDirectory(prefix="waypost-bench-peers-") as prefix:
        specs = [f"{name}@{version}" for name, version in PEERS.items()]
        log("npm install", *specs)
        subprocess.run(["npm", "install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--ignore-scripts",
                        "--prefix", prefix, *specs], check=True, capture_output=True, timeout=180)
        peers, files, with_css = {}, {}, {}
        for name in PEERS:
            package = Path(prefix) / "node_modules" / name
            installed = json.loads((package / "package.json").read_text())["version"]
            if installed != PEERS[name]:
                raise RuntimeError(f"{name}: asked for {PEERS[name]}, npm installed {installed}")
            files[name] = bundle_of(package)
            peers[name] = gz((package / files[name]).read_bytes())
            css = package / CSS[name]
            with_css[name] = peers[name] + (gz(css.read_bytes()) if css.is_file() else 0)
    emit({"name": "sdk_gzip_bytes", "value": ours, "goal": GOAL, "met": ours <= GOAL, "parts": sizes,
          "peers": peers,
          "ratios": {name: round(ours / size, 3) for name, size in peers.items()},
          "peer_versions": PEERS, "peer_files": files, "peers_with_css": with_css,
          "note": "gzip -9 of what a page showing a tour loads: waypost.js, the core chunks and the tour chunk "
                  "(styles included; parts: each part alone) vs each peer's package.json bundle (JS only); "
                  "peers_with_css adds each peer's stylesheet, which its users must load too"})
    return 0


if __name__ == "__main__":
    sys.exit(main())
