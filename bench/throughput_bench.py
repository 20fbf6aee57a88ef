"""Requests per second of the public showcase and the office's dashboard against a bare
Django view, on one gunicorn server on loopback.

    .venv/bin/python bench/throughput_bench.py --db sqlite:////work/benchdata/city.sqlite3 \\
        [--seconds 10] [--connections 8]

The server is the one `manage.py serve` starts (tally.ops serve's gunicorn command: 2
workers × 4 threads, debug off), with the project's settings plus one bare view
(bench_settings / bench_urls: a view that returns "ok" through the same middleware).
The load generator is wrk (Debian's package; `make bench` installs it) or, without it,
an asyncio loop of httpx clients. Each target is warmed up, then loaded for --seconds.

Budget (DESIGN.md): the showcase, cached, ≥ 70% of the bare view's throughput.
"""

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from benchenv import OUT, ROOT, default_db, engine, setup_django

BUDGET = 0.70
BENCH = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def office_cookie() -> str:
    """A session of the data set's office user, as a login leaves it (stored in the
    database the server reads)."""
    from django.conf import settings
    from django.test import Client

    from tally.accounts.models import Role, User

    client = Client()
    client.force_login(User.objects.filter(role=Role.OFFICE).order_by("pk").first())
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def start_server(database_url: str, port: int) -> subprocess.Popen:
    from tally.ops.management.commands.serve import gunicorn_command

    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": os.pathsep.join([str(BENCH), str(ROOT)]),
        "DATABASE_URL": database_url,
        "TALLY_DEBUG": "0",
    }
    command = gunicorn_command("127.0.0.1", str(port), 2)
    OUT.mkdir(parents=True, exist_ok=True)
    log = (OUT / "throughput-server.log").open("w")  # the server's errors, if any
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    wait_until_up(port, server)
    return server


def wait_until_up(port: int, server: subprocess.Popen, timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("gunicorn stopped while starting")
        try:
            httpx.get(f"http://127.0.0.1:{port}/bench/bare/", timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.3)
    sys.exit("gunicorn did not answer")


def warm(url: str, cookie: str | None) -> int:
    import httpx

    headers = {"Cookie": cookie} if cookie else {}
    status = 0
    for _ in range(4):  # both workers, the cache filled
        status = httpx.get(url, headers=headers, timeout=60).status_code
    return status


def load_wrk(url: str, seconds: int, connections: int, cookie: str | None) -> float:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    found = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if "Non-2xx" in output or not found:
        sys.exit(f"wrk: failed requests to {url}:\n{output}")
    return float(found.group(1))


def load_httpx(url: str, seconds: int, connections: int, cookie: str | None) -> float:
    import httpx

    async def run() -> int:
        deadline = time.monotonic() + seconds
        headers = {"Cookie": cookie} if cookie else {}
        limits = httpx.Limits(max_connections=connections)
        async with httpx.AsyncClient(headers=headers, limits=limits, timeout=10) as client:

            async def worker() -> int:
                done = 0
                while time.monotonic() < deadline:
                    response = await client.get(url)
                    response.raise_for_status()
                    done += 1
                return done

            return sum(await asyncio.gather(*(worker() for _ in range(connections))))

    return asyncio.run(run()) / seconds


def quiet_httpx() -> None:
    import logging

    logging.getLogger("httpx").setLevel(logging.WARNING)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a database filled by bench/generate.py")
    parser.add_argument("--scale", default="zone")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--generator", choices=["wrk", "httpx"])
    args = parser.parse_args(argv)
    database_url = args.db or default_db(args.scale)
    setup_django(database_url)
    quiet_httpx()
    generator = args.generator or ("wrk" if shutil.which("wrk") else "httpx")
    load = load_wrk if generator == "wrk" else load_httpx
    cookie = office_cookie()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    targets = [
        ("bare", "/bench/bare/", None),
        ("showcase", "/showcase/", None),
        ("dashboard", "/", cookie),
    ]
    print(
        f"throughput: gunicorn 2 workers, {generator}, {args.connections} connections, "
        f"{args.seconds} s each, {engine()}"
    )
    server = start_server(database_url, port)
    results = {}
    try:
        for label, path, with_cookie in targets:
            status = warm(base + path, with_cookie)
            if status != 200:
                sys.exit(f"{path}: status {status}")
            rate = load(base + path, args.seconds, args.connections, with_cookie)
            results[label] = rate
            print(f"  {label:10} {path:14} {rate:9.1f} requests/s")
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a worker still busy with a slow page
            server.kill()
            server.wait()
    for label in ("showcase", "dashboard"):
        ratio = results[label] / results["bare"]
        results[f"{label}/bare"] = ratio
        verdict = "" if label != "showcase" else (" ok" if ratio >= BUDGET else " UNDER BUDGET")
        print(f"  {label}/bare: {ratio:.2f}{verdict}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"throughput-{engine()}.json").write_text(json.dumps(results, indent=1))
    return results


if __name__ == "__main__":
    main()
