"""Benchmarks, printed as tables, every measurement bounded so that the whole run ends.

1. Ingest: each text of the manifest in its own process into a scratch SQLite database
   (or BENCH_DATABASE_URL): wall time and peak RSS; then an unchanged 002 and all texts
   again (recognised by their hash, nothing parsed).
2. Throughput against gunicorn with production settings (DEBUG=false, whitenoise), on one
   server, targets alternating over ROUNDS rounds (the best round counts: the machine is
   shared): the largest section page signed out and signed in, and a static file of the
   same size; the section's annotation list empty, and with 1,000 annotations
   (`limit=1000`, and the default page of 100). Ratios side by side.
3. Memory: the resident set of each worker after serving the section with 1,000 notes.
4. Two gunicorn processes against one, against PostgreSQL (BENCH_PG_URL, or a server at
   127.0.0.1:5432 reachable as postgres), in a scratch database.
5. `bench/bench_versions.py`, given BENCH_VERSIONS_SECONDS.

Each measurement stops after SECONDS seconds or REQUESTS requests, whichever comes first;
a request waits at most REQUEST_TIMEOUT seconds; gunicorn gets STOP_SECONDS to stop, then
is killed. A failed measurement is printed as such, and the tables still print.

Usage:
    make bench
    SECONDS=4 ROUNDS=1 .venv/bin/python bench/bench.py
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
REQUESTS = int(os.environ.get("REQUESTS", "400"))
SECONDS = float(os.environ.get("SECONDS", "6"))
ROUNDS = int(os.environ.get("ROUNDS", "2"))
CONCURRENCY = int(os.environ.get("CONCURRENCY", "4"))
WORKERS = int(os.environ.get("WORKERS", "2"))
REQUEST_TIMEOUT = float(os.environ.get("REQUEST_TIMEOUT", "60"))
STOP_SECONDS = float(os.environ.get("STOP_SECONDS", "10"))
ANNOTATIONS = int(os.environ.get("ANNOTATIONS", "1000"))
sys.path.insert(0, str(ROOT))


def manage(env, *args, capture=False, timeout=600):
    """Run manage.py; (stdout, seconds, peak RSS MB). Exits on failure or after `timeout`."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
            stderr=err,
            text=True,
        )
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        out = proc.stdout.read() if capture else ""
        _, status, usage = os.wait4(proc.pid, 0)
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if status != 0:
            err.seek(0)
            sys.exit(f"manage.py {' '.join(args)} failed ({status}): {err.read()[-2000:]}")
    return out, time.perf_counter() - started, usage.ru_maxrss / 1024


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Result:
    rps: float = 0.0
    size: int = 0
    done: int = 0
    error: str = ""

    def cell(self) -> str:
        return f"error: {self.error}" if self.error else f"{self.rps:.1f}"


def hammer(port: int, path: str, headers: dict | None = None) -> Result:
    """Request `path` over CONCURRENCY keep-alive connections until REQUESTS are done or
    SECONDS have passed; requests per second of the completed ones."""
    headers = {"Accept-Encoding": "identity", **(headers or {})}
    deadline = time.monotonic() + SECONDS
    lock = threading.Lock()
    counts = {"left": REQUESTS, "done": 0, "size": 0}
    errors: list[str] = []

    def take() -> bool:
        with lock:
            if counts["left"] <= 0 or time.monotonic() > deadline:
                return False
            counts["left"] -= 1
            return True

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        try:
            while take():
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                body = response.read()
                if response.status != 200:
                    errors.append(f"HTTP {response.status}")
                    return
                with lock:
                    counts["done"] += 1
                    counts["size"] = len(body)
        except OSError as exc:  # a failed run must not be reported as a fast one
            errors.append(repr(exc))
        finally:
            conn.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(CONCURRENCY)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(SECONDS + REQUEST_TIMEOUT + 5)
    elapsed = time.perf_counter() - started
    if errors:
        return Result(error=errors[0])
    return Result(rps=counts["done"] / elapsed, size=counts["size"], done=counts["done"])


class Server:
    """gunicorn on a free port; stopped within STOP_SECONDS, or killed."""

    def __init__(self, env, workers: int = WORKERS):
        self.port = free_port()
        self.proc = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--timeout",
                "120",
                "--graceful-timeout",
                str(int(STOP_SECONDS / 2)),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait_for()

    def _wait_for(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                conn.request("GET", "/healthz/")
                conn.getresponse().read()
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        sys.exit("gunicorn did not start")

    def workers_rss(self) -> list[tuple[float, float]]:
        """(RSS MB, peak RSS MB) of each worker."""
        found = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                fields = dict(
                    line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
                )
            except OSError:
                continue
            if fields.get("PPid", "").strip() == str(self.proc.pid):
                rss = int(fields["VmRSS"].split()[0]) / 1024
                peak = int(fields["VmHWM"].split()[0]) / 1024
                found.append((rss, peak))
        return found

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=STOP_SECONDS)


def best_of(port: int, targets: dict[str, tuple[str, dict]]) -> dict[str, Result]:
    """Each target measured ROUNDS times, alternating; the best round of each."""
    best: dict[str, Result] = {}
    for _ in range(ROUNDS):
        for name, (path, headers) in targets.items():
            result, previous = hammer(port, path, headers), best.get(name)
            if previous is None or (
                not result.error and (previous.error or result.rps > previous.rps)
            ):
                best[name] = result
    return best


def ratio(a: Result, b: Result) -> str:
    if a.error or b.error or not b.rps:
        return "n/a"
    return f"{a.rps / b.rps:.3f}"


# Django-side helpers, run through `manage.py shell` -------------------------------------

LARGEST = (
    "from edition.models import Section;from django.db.models import Count;"
    "s=Section.objects.annotate(n=Count('passages')).order_by('-n').first();"
    "print(s.get_absolute_url());print(s.edition.slug);print(s.slug)"
)

SESSION = """
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from accounts.models import User
user, _ = User.objects.get_or_create(username="bench-reader")
store = import_module(settings.SESSION_ENGINE).SessionStore()
store[SESSION_KEY] = str(user.pk)
store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
store[HASH_SESSION_KEY] = user.get_session_auth_hash()
store.save()
print(settings.SESSION_COOKIE_NAME + "=" + store.session_key)
"""

ANNOTATE = """
import random
from accounts.models import User
from edition.anchoring import TargetPiece
from annotations.services import annotation_create
from edition.models import Section
section = Section.objects.get(edition__slug={slug!r}, slug={section!r})
passages = [p for p in section.passages.filter(retired=False).exclude(kind="note")
            if len(p.text) > 40]
rng = random.Random(7)
users = [User.objects.get_or_create(username=f"bench{{n}}")[0] for n in range(20)]
for n in range({count}):
    p = rng.choice(passages)
    start = rng.randrange(0, len(p.text) - 20)
    end = start + rng.randrange(5, 20)
    annotation_create(author=rng.choice(users), visibility="public",
                      body=f"Bench note {{n}} on *this* passage.", tags=["bench"],
                      pieces=[TargetPiece(passage=p, start=start, end=end,
                                          exact=p.text[start:end])])
"""

COUNT_QUERIES = """
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
for url in {urls!r}:
    with CaptureQueriesContext(connection) as q:
        status = client.get(url, HTTP_HOST="127.0.0.1").status_code
    print("QUERIES", status, len(q), url)
"""


def query_counts(env, urls) -> dict[str, int]:
    out, _, _ = manage(env, "shell", "-c", COUNT_QUERIES.format(urls=urls), capture=True)
    counts = {}
    for line in out.splitlines():
        parts = line.split(" ", 3)
        if len(parts) == 4 and parts[0] == "QUERIES":
            counts[parts[3]] = int(parts[2])
    return counts


def largest_section(env) -> tuple[str, str, str]:
    out, _, _ = manage(env, "shell", "-c", LARGEST, capture=True)
    url, slug, section = out.strip().splitlines()[-3:]
    return url, slug, section


def signed_in_cookie(env) -> str:
    out, _, _ = manage(env, "shell", "-c", SESSION, capture=True)
    return out.strip().splitlines()[-1]


def add_annotations(env, slug: str, section: str, count: int) -> float:
    # A burst of posts would (rightly) be held for moderation as spam.
    burst = env | {"MODERATION_BURST_POSTS": "1000000"}
    code = ANNOTATE.format(slug=slug, section=section, count=count)
    return manage(burst, "shell", "-c", code)[1]


# The run ---------------------------------------------------------------------------------


def bench_env(db: str, static_root: Path) -> dict:
    return os.environ | {
        "DATABASE_URL": db,
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "x" * 50,
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(static_root),
        "REDIS_URL": "",
    }


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="lectio-bench-"))
    started = time.perf_counter()
    try:
        run(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        print(f"\n(bench ran {time.perf_counter() - started:.0f} s)")


def run(tmp: Path) -> None:
    db = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    static_root = tmp / "static"
    env = bench_env(db, static_root)
    manage(env, "migrate", "-v0")
    manage(env, "createcachetable")
    ingest_bench(env)
    manage(env, "collectstatic", "--noinput", "-v0")
    url, slug, section = largest_section(env)
    throughput_bench(env, static_root, url, slug, section)
    postgres_bench(tmp, static_root)
    versions_bench(env)


def ingest_bench(env) -> None:
    manifest = json.loads((ROOT / "fixtures/texts/manifest.json").read_text())
    print("\n## Ingest (one process per text)\n")
    print("| text | kind | seconds | peak RSS MB |\n|---|---|---:|---:|")
    first = None
    for text in manifest["texts"]:
        _, seconds, peak = manage(env, "ingest", text["slug"])
        first = first or text
        print(f"| {text['source']} | {text['kind']} | {seconds:.1f} | {peak:.0f} |")
    largest = max(
        manifest["texts"], key=lambda t: (ROOT / "fixtures/texts" / t["source"]).stat().st_size
    )
    _, seconds, _ = manage(env, "ingest", largest["slug"])
    print(f"| {largest['source']} again, unchanged | | {seconds:.1f} | |")
    _, seconds, _ = manage(env, "ingest")
    print(f"| all again, unchanged | | {seconds:.1f} | |")
    # What every row above includes: starting Python and Django, on a shared machine.
    _, seconds, _ = manage(env, "shell", "-c", "pass")
    print(f"| (manage.py start-up alone) | | {seconds:.1f} | |")


def throughput_bench(env, static_root: Path, url: str, slug: str, section: str) -> None:
    cookie = signed_in_cookie(env)
    api = f"/api/annotations/?edition={slug}&section={section}"
    server = Server(env)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=REQUEST_TIMEOUT)
        conn.request("GET", url, headers={"Accept-Encoding": "identity"})
        (static_root / "bench-page.html").write_bytes(conn.getresponse().read())
    finally:
        server.stop()
    empty_counts = query_counts(env, [url, api + "&limit=1000"])
    server = Server(env)  # whitenoise indexes static files at start: it sees the copy now
    try:
        before = best_of(
            server.port,
            {
                "page, signed out": (url, {}),
                "page, signed in": (url, {"Cookie": cookie}),
                "static file, same size": ("/static/bench-page.html", {}),
                "API list, empty section": (api + "&limit=1000", {}),
            },
        )
    finally:
        server.stop()
    add_seconds = add_annotations(env, slug, section, ANNOTATIONS)
    full_counts = query_counts(env, [url, api + "&limit=1000", api])
    server = Server(env)
    try:
        after = best_of(
            server.port,
            {
                f"API list, {ANNOTATIONS} notes, limit=1000": (api + "&limit=1000", {}),
                f"API list, {ANNOTATIONS} notes, default page": (api, {}),
                f"page, signed in, {ANNOTATIONS} notes": (url, {"Cookie": cookie}),
            },
        )
        rss = server.workers_rss()
    finally:
        server.stop()
    print(
        f"\n## Throughput: gunicorn, {WORKERS} workers, {CONCURRENCY} keep-alive clients, "
        f"best of {ROUNDS} rounds of at most {SECONDS:.0f} s or {REQUESTS} requests\n"
    )
    print(f"Section: {url} ({ANNOTATIONS} public notes added in {add_seconds:.0f} s).\n")
    print("| target | queries | bytes | requests/s |\n|---|---:|---:|---:|")
    queries = {
        "page, signed out": empty_counts.get(url),
        "API list, empty section": empty_counts.get(api + "&limit=1000"),
        f"API list, {ANNOTATIONS} notes, limit=1000": full_counts.get(api + "&limit=1000"),
        f"API list, {ANNOTATIONS} notes, default page": full_counts.get(api),
    }
    for name, result in {**before, **after}.items():
        count = queries.get(name)
        print(f"| {name} | {'' if count is None else count} | {result.size} | {result.cell()} |")
    static = before["static file, same size"]
    empty = before["API list, empty section"]
    print("\n| ratio | now | goal |\n|---|---:|---:|")
    print(f"| page signed out / static | {ratio(before['page, signed out'], static)} | >= 0.5 |")
    print(f"| page signed in / static | {ratio(before['page, signed in'], static)} | >= 0.25 |")
    full = after[f"API list, {ANNOTATIONS} notes, limit=1000"]
    page = after[f"API list, {ANNOTATIONS} notes, default page"]
    print(f"| API {ANNOTATIONS} notes (limit=1000) / empty | {ratio(full, empty)} | >= 0.8 |")
    print(f"| API {ANNOTATIONS} notes (page of 100) / empty | {ratio(page, empty)} | >= 0.8 |")
    print("\n## Memory: gunicorn workers after serving the section with its notes\n")
    print("| worker | RSS MB | peak RSS MB |\n|---|---:|---:|")
    for n, (now, peak) in enumerate(rss, start=1):
        print(f"| {n} | {now:.0f} | {peak:.0f} |")


def postgres_url() -> str | None:
    url = os.environ.get("BENCH_PG_URL")
    if url:
        return url
    try:
        import psycopg

        psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=3).close()
    except Exception:  # no server, or not ours to use: the table says so
        return None
    return "postgres://postgres@127.0.0.1:5432/postgres"


def postgres_bench(tmp: Path, static_root: Path) -> None:
    print("\n## Two gunicorn processes against one, on PostgreSQL\n")
    base = postgres_url()
    if base is None:
        print("No PostgreSQL reachable (set BENCH_PG_URL): not measured.")
        return
    import psycopg

    name = f"lectio_bench_{os.getpid()}"
    admin = base.replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        env = bench_env(base.rsplit("/", 1)[0] + "/" + name, static_root)
        manage(env, "migrate", "-v0")
        manage(env, "createcachetable")
        manage(env, "ingest", "russell-pre-war-factory-relations")
        url, slug, section = largest_section(env)
        api = f"/api/annotations/?edition={slug}&section={section}"
        targets = {"page, signed out": (url, {}), "API list": (api, {})}
        rows = {}
        for workers in (1, 2):
            server = Server(env, workers)
            try:
                rows[workers] = best_of(server.port, targets)
            finally:
                server.stop()
        print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end.\n")
        print("| target | 1 process | 2 processes | ratio |\n|---|---:|---:|---:|")
        for target in targets:
            one, two = rows[1][target], rows[2][target]
            print(f"| {target} | {one.cell()} | {two.cell()} | {ratio(two, one)} |")
        if (os.cpu_count() or 1) <= 2 or os.getloadavg()[0] > (os.cpu_count() or 1) / 2:
            print(
                "\nThis machine cannot show the gain: its cores are few and shared with other "
                "work, so a second process mostly takes turns with the first. A ratio near 1 "
                "here says nothing about a machine with idle cores."
            )
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def versions_bench(env) -> None:
    script = ROOT / "bench" / "bench_versions.py"
    seconds = float(os.environ.get("BENCH_VERSIONS_SECONDS", "120"))
    if not script.exists() or seconds <= 0:
        return
    try:
        subprocess.run([sys.executable, str(script)], cwd=ROOT, env=env, timeout=seconds)
    except subprocess.TimeoutExpired:
        print(f"\nbench_versions.py stopped after {seconds:.0f} s (BENCH_VERSIONS_SECONDS).")


if __name__ == "__main__":
    main()
