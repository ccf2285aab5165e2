"""Start and stop real `planner-server run` processes for benchmarks (127.0.0.1 only)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psycopg

PG_ADMIN = os.environ.get("PLANNER_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
SECRET = "bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fresh_postgres(name: str) -> str:
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name


def drop_postgres(name: str) -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_env(database_url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"DATABASE_URL": database_url, "SECRET_KEY": SECRET, "PLANNER_DATA_DIR": str(data_dir),
                "EMAIL_BACKEND": "file", "LOGIN_MAX_FAILURES": "1000000",
                "LOGIN_MAX_FAILURES_PER_ADDRESS": "1000000"})
    env.update(extra)
    return env


@contextmanager
def server_process(database_url: str, data_dir: Path, *, workers: int = 1,
                   **extra_env: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A ready `planner-server run` process and its base URL; stopped on exit if still running."""
    port = free_port()
    command = [sys.executable, "-m", "planner_server.cli", "run", "--port", str(port),
               "--workers", str(workers), "--no-access-log", "--log-level", "warning"]
    process = subprocess.Popen(command, env=server_env(database_url, data_dir, **extra_env),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                stderr = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError("server exited: " + stderr[-2000:])
            try:
                if httpx.get(base + "/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not become ready in 60 s")
            time.sleep(0.2)
        yield base, process
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, and SIGKILL if it has not ended within 15 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def running_server(database_url: str, data_dir: Path, *, workers: int = 1,
                   **extra_env: str) -> Iterator[str]:
    """A `planner-server run` process; yields its base URL, stops it on exit."""
    with server_process(database_url, data_dir, workers=workers, **extra_env) as (base, _):
        yield base


@contextmanager
def mail_worker(database_url: str, data_dir: Path, **extra_env: str) -> Iterator[None]:
    """`planner-server worker` at the lowest CPU priority, as the team deployment runs it."""
    command = ["nice", "-n", "19", sys.executable, "-m", "planner_server.cli", "worker"]
    process = subprocess.Popen(command, env=server_env(database_url, data_dir, **extra_env),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield
    finally:
        stop(process)
