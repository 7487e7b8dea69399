"""Where the built SDK and admin UI live, and what `waypost serve` needs before it starts.

They are built from sdk_js/ and admin/ in a checkout (`make build`); an installed package does not carry them,
so WAYPOST_SDK_DIST and WAYPOST_ADMIN_DIST name their folders there (and WAYPOST_DEMO_TOURS the demo's tours)."""
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def sdk_dist(config) -> Path:
    return Path(config.get("WAYPOST_SDK_DIST") or REPO_ROOT / "sdk_js" / "dist")


def admin_dist(config) -> Path:
    return Path(config.get("WAYPOST_ADMIN_DIST") or REPO_ROOT / "admin" / "dist")


def demo_tours(config) -> Path:
    return Path(config.get("WAYPOST_DEMO_TOURS") or REPO_ROOT / "tours")


def missing_parts(config, demo: bool) -> list[str]:
    """What a server started with this configuration would lack, each with how to get it."""
    problems = []
    if not (sdk_dist(config) / "waypost.js").is_file() or not any((sdk_dist(config) / "m").glob("core-*.js")):
        problems.append(f"the SDK bundle {sdk_dist(config) / 'waypost.js'} is missing: run `make build` in a checkout, "
                        "or set WAYPOST_SDK_DIST to a folder holding a built waypost.js and its m/ chunks")
    if not (admin_dist(config) / "index.html").is_file():
        problems.append(f"the admin UI {admin_dist(config) / 'index.html'} is missing: run `make build` in a checkout, "
                        "or set WAYPOST_ADMIN_DIST to a folder holding the built admin UI")
    if demo and not any(demo_tours(config).glob("*.yaml")):
        problems.append(f"the demo's tours ({demo_tours(config)}/*.yaml) are missing: run from a checkout, "
                        "or set WAYPOST_DEMO_TOURS to a folder of tour files")
    return problems
