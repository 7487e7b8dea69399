"""The snippet's weight on the wire: dist/waypost.js gzipped at level 9, beside the main bundles of three peers.

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

GOAL = 12 * 1024
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


def main() -> int:
    if not SDK.is_file():
        raise SystemExit(f"{SDK} is missing: run `make build` (or `cd sdk_js && npm run build`) first")
    ours = gz(SDK.read_bytes())
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
    emit({"name": "sdk_gzip_bytes", "value": ours, "goal": GOAL, "met": ours <= GOAL,
          "raw_bytes": SDK.stat().st_size, "peers": peers,
          "ratios": {name: round(ours / size, 3) for name, size in peers.items()},
          "peer_versions": PEERS, "peer_files": files, "peers_with_css": with_css,
          "note": "gzip -9 of dist/waypost.js (styles included) vs each peer's package.json bundle (JS only); "
                  "peers_with_css adds each peer's stylesheet, which its users must load too"})
    return 0


if __name__ == "__main__":
    sys.exit(main())
