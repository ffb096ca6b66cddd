"""`make screenshots`: every page type of tests/browser/pages.py at 1366 and 390 px, into
screenshots/ (not committed). Builds a demo database in screenshots/db.sqlite3 once
(ingest and demo), serves it on a free port, and reports overflow and axe findings."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
OUT = ROOT / "screenshots"
DB = OUT / "db.sqlite3"


def manage(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    OUT.mkdir(exist_ok=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{DB}", "DJANGO_ALLOW_ASYNC_UNSAFE": "true"}
    if not DB.exists():
        for command in (["migrate", "--noinput", "-v0"], ["createcachetable"], ["ingest"]):
            manage(*command, env=env)
    manage("demo", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(base)
        shoot(base, env)
    finally:
        server.terminate()
        server.wait()


def wait_for(base: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{base} did not answer")


def shoot(base: str, env: dict) -> None:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from playwright.sync_api import sync_playwright

    from tests.browser.pages import (
        AXE,
        DESKTOP,
        PHONE,
        axe_violations,
        overflow,
        page_types,
        show,
        sign_in,
        too_wide,
    )
    from tests.conftest import CHROMIUM, CHROMIUM_ARGS

    # `screenshots.py reader cite` shoots only the page types named.
    types = [t for t in page_types() if not sys.argv[1:] or t.name in sys.argv[1:]]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for label, viewport in (("1366", DESKTOP), ("390", PHONE)):
            context = browser.new_context(
                viewport=viewport, has_touch=label == "390", bypass_csp=True
            )
            page = context.new_page()
            persona = None
            for t in types:
                if t.persona != persona:
                    sign_in(page, base, t.persona)
                    persona = t.persona
                show(page, base, t)
                page.screenshot(path=str(OUT / f"{t.name}-{label}.png"), full_page=True)
                wide = overflow(page)
                found = too_wide(page) if wide else []
                found += axe_violations(page) if AXE.exists() else ["(axe-core not installed)"]
                status = "ok" if not wide and not found else "CHECK"
                print(f"{status:5} {label} {t.name:22} overflow={wide}px", *found, sep="\n      ")
            context.close()
        browser.close()
    print(f"Screenshots in {OUT}/")


if __name__ == "__main__":
    main()
