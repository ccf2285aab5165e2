"""Sign-in throttling against real `planner-server run --workers 2` processes on PostgreSQL, set up
as the team deployment sets them up.

The servers run with the FORWARDED_ALLOW_IPS that docker-compose.yml gives them, and every request
carries the forwarding headers deploy/nginx.conf would add for a client at a given address (nginx
itself cannot run here: its proxy_set_header lines are evaluated for each request, and the request
reaches the server from 127.0.0.1 as from the proxy). So the address a limit is keyed on is the one
the deployment's own settings produce, and a header the client writes itself is part of the test.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml

from bench._server import server_process
from tests.conftest import scratch_postgres
from tests.server.helpers import PASSWORD

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PER_ACCOUNT, PER_ADDRESS = 3, 6


def compose_forwarded_allow_ips() -> str:
    """FORWARDED_ALLOW_IPS as docker-compose.yml sets it for the server replicas."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    command = compose["services"]["server-a"]["command"]
    assert command[:2] == ["planner-server", "run"], command
    return str(compose["services"]["server-a"]["environment"]["FORWARDED_ALLOW_IPS"])


def nginx_forwarded_headers(client_address: str, sent: dict[str, str]) -> dict[str, str]:
    """The forwarding headers deploy/nginx.conf sends upstream for a request from ``client_address``
    that carried the headers ``sent`` (the variables it uses, as nginx defines them)."""
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    previous = sent.get("X-Forwarded-For")
    variables = {
        "$proxy_add_x_forwarded_for": f"{previous}, {client_address}" if previous else client_address,
        "$remote_addr": client_address,
    }
    headers = {}
    for name, value in re.findall(r"^\s*proxy_set_header\s+(X-[\w-]+)\s+(\$\w+);", conf, re.MULTILINE):
        if name.lower() in ("x-forwarded-for", "x-real-ip"):
            assert value in variables, f"nginx.conf forwards {name} as {value}: teach this test that variable"
            headers[name] = variables[value]
    assert "X-Forwarded-For" in headers, "nginx.conf no longer sets X-Forwarded-For"
    return headers


@pytest.fixture
def postgres_url(pg_template_url: str) -> Iterator[str]:
    with scratch_postgres("planner_e2e") as url:
        yield url


@pytest.fixture
def server(postgres_url: str, tmp_path: Path) -> Iterator[str]:
    """Two server processes (uvicorn workers) behind the deployment's proxy settings."""
    with server_process(postgres_url, tmp_path / "data", workers=2, PLANNER_RUN_MAIL_WORKER="false",
                        FORWARDED_ALLOW_IPS=compose_forwarded_allow_ips(),
                        LOGIN_MAX_FAILURES=str(PER_ACCOUNT),
                        LOGIN_MAX_FAILURES_PER_ADDRESS=str(PER_ADDRESS)) as (base, _):
        yield base + "/api/v1"


def _fresh_connections(base: str) -> httpx.AsyncClient:
    """Every request on a connection of its own, so that the two workers share the requests."""
    return httpx.AsyncClient(base_url=base, timeout=30, limits=httpx.Limits(max_keepalive_connections=0))


async def _sign_in(http: httpx.AsyncClient, email: str, password: str, *, client_address: str,
                   sent: dict[str, str] | None = None) -> int:
    headers = nginx_forwarded_headers(client_address, sent or {})
    response = await http.post("/auth/jwt/create/", json={"email": email, "password": password},
                               headers={**(sent or {}), **headers})
    assert response.status_code in (200, 401, 429), response.text
    assert response.json().get("detail") or response.status_code == 200, response.text
    return response.status_code


async def _register(http: httpx.AsyncClient, email: str) -> None:
    body = {"first_name": "Ann", "last_name": "Lee", "email": email, "role": "client", "password": PASSWORD}
    assert (await http.post("/register/", json=body)).status_code == 201


async def test_failed_sign_ins_from_one_address_are_throttled_whatever_it_claims(server):
    """60 failed sign-ins on 60 accounts from one address, each claiming another address in
    X-Forwarded-For: the limit is keyed on the real one."""
    attacker, neighbour = "198.51.100.7", "203.0.113.9"
    async with _fresh_connections(server) as http:
        await _register(http, "victim@example.com")
        answers = [await _sign_in(http, f"guess{n}@example.com", "wrongpass1", client_address=attacker,
                                  sent={"X-Forwarded-For": f"10.{n}.0.1"})
                   for n in range(60)]
        assert answers == [401] * PER_ADDRESS + [429] * (60 - PER_ADDRESS)
        # The right password is refused from that address for now; another address is not affected.
        assert await _sign_in(http, "victim@example.com", PASSWORD, client_address=attacker,
                              sent={"X-Forwarded-For": "192.0.2.1"}) == 429
        assert await _sign_in(http, "victim@example.com", PASSWORD, client_address=neighbour) == 200


async def test_failed_sign_ins_of_one_account_are_counted_across_processes(server):
    """LOGIN_MAX_FAILURES wrong passwords on one account, whichever process answers each; attempts
    racing in parallel are counted too (each from an address of its own: only the account limits)."""
    addresses = (f"192.0.2.{n}" for n in range(1, 250))
    async with _fresh_connections(server) as http:
        await _register(http, "one@example.com")
        await _register(http, "two@example.com")
        one = [await _sign_in(http, "one@example.com", "wrongpass1", client_address=next(addresses))
               for _ in range(4 * PER_ACCOUNT)]
        assert one == [401] * PER_ACCOUNT + [429] * (3 * PER_ACCOUNT)

        burst = Counter(await asyncio.gather(*(_sign_in(http, "two@example.com", "wrongpass1",
                                                        client_address=next(addresses))
                                               for _ in range(4 * PER_ACCOUNT))))
        assert set(burst) <= {401, 429} and burst[401] <= PER_ACCOUNT, burst
        # Attempts refused in the race are not failures: the account takes the rest of its limit.
        rest = [await _sign_in(http, "two@example.com", "wrongpass1", client_address=next(addresses))
                for _ in range(PER_ACCOUNT - burst[401] + 2)]
        assert rest == [401] * (PER_ACCOUNT - burst[401]) + [429] * 2, (burst, rest)
        for email in ("one@example.com", "two@example.com"):  # locked out, right password or not
            assert await _sign_in(http, email, PASSWORD, client_address=next(addresses)) == 429
