"""A schema-driven fuzz run: schemathesis reads /api/v1/schema/ and sends what it derives from it.

Every operation is called as the user it is meant for (so the input reaches the code behind the
door), with data that fits the schema and with data that breaks it. No answer may be a 500, every
answer must match the schema (status, content type, headers, body), and data that breaks the
schema must be refused with a 4xx. The number of examples is bounded so the run stays short.
"""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.python import asgi as schemathesis_asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.server.helpers import Account, future, make_users, slot_body

pytestmark = pytest.mark.slow

EXAMPLES = {GenerationMode.POSITIVE: 10, GenerationMode.NEGATIVE: 6}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]
LONG_POLL_CAP = 0.05  # seconds: /sync/'s long poll is exercised by its own tests, not held here


def _role_for(method: str, path: str) -> str | None:
    """The user an operation is meant for (None: no token needed)."""
    if path.endswith(("/register/", "/create/", "/refresh/", "/verify/", "/schema/", "/swagger/")) \
            or not path.startswith("/api/v1/"):
        return None
    if path.startswith(("/api/v1/outbox/", "/api/v1/users/")) and "/me/" not in path:
        return "admin"
    if path.endswith(("/reserve/", "/cancel_client/")) or path == "/api/v1/history/":
        return "client"
    if path.startswith("/api/v1/slots/") and method != "GET":
        return "specialist"
    return "client"


def _order(operation: Any) -> tuple[bool, bool, str]:
    """Deleting slots and administering users last, so that the other operations find them intact."""
    return (operation.path.startswith("/api/v1/users/{"), operation.method.upper() == "DELETE",
            operation.label)


def _seed(app: Any) -> dict[str, Account]:
    """Users written through a context of their own (the app runs on schemathesis's event loop)."""
    from planner_server.context import ServerContext

    async def create() -> dict[str, Account]:
        context = ServerContext.from_settings(app.state.context.settings)
        holder = SimpleNamespace(state=SimpleNamespace(context=context))
        try:
            return {role: (await make_users(holder, role.split()[0], 1))[0]
                    for role in ("admin", "specialist", "client", "client target")}
        finally:
            await context.db.dispose()

    return asyncio.run(create())


def _fuzz(operation: Any, mode: GenerationMode, headers: dict[str, str],
          path_parameters: dict[str, int] | None = None) -> None:
    checks = CHECKS + ([negative_data_rejection] if mode is GenerationMode.NEGATIVE else [])
    # The token is given to the generator, so that no case is "negative" only by its missing token.
    strategy = operation.as_strategy(generation_mode=mode, headers=headers or None,
                                     path_parameters=path_parameters)

    @given(case=strategy)
    @hypothesis_settings(max_examples=EXAMPLES[mode], deadline=None, database=None, derandomize=True,
                         phases=[Phase.explicit, Phase.generate],
                         suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        if isinstance(case.query, dict) and "wait" in case.query:
            case.query["wait"] = LONG_POLL_CAP
        response = case.call(headers=headers, timeout=20)
        case.validate_response(response, checks=checks, headers=headers)

    run()


def test_schema_fuzz_finds_no_server_error_and_no_contradiction(settings):
    from planner_server.main import create_app

    app = create_app(settings)
    accounts = _seed(app)
    try:
        schema = schemathesis.openapi.from_asgi("/api/v1/schema/", app)
        with schemathesis_asgi.get_client(app) as http:
            # Something to act on: free slots (1 and 3), and a request awaiting an answer (2).
            specialist = {"Authorization": f"Bearer {accounts['specialist'].token}"}
            for hours in (1, 3, 5):
                assert http.post("/api/v1/slots/", json=slot_body(future(hours)),
                                 headers=specialist).status_code == 201
            client = {"Authorization": f"Bearer {accounts['client'].token}"}
            assert http.patch("/api/v1/slots/2/reserve/", headers=client).status_code == 200

        existing = {"slot_id": 1, "user_id": accounts["client target"].id}
        operations = sorted((result.ok() for result in schema.get_all_operations()), key=_order)
        assert len(operations) >= 20
        failures: list[str] = []
        for operation in operations:
            role = _role_for(operation.method.upper(), operation.path)
            headers = {"Authorization": f"Bearer {accounts[role].token}"} if role else {}
            # Random ids mostly miss: one more run aims the generated input at objects that exist.
            known = {name: value for name, value in existing.items()
                     if "{" + name + "}" in operation.path}
            runs = [(mode, None) for mode in EXAMPLES] + ([(GenerationMode.POSITIVE, known)] if known else [])
            for mode, path_parameters in runs:
                try:
                    _fuzz(operation, mode, headers, path_parameters)
                except Unsatisfiable:  # nothing to break: the operation takes no input
                    assert mode is GenerationMode.NEGATIVE, operation.label
                except (Exception, BaseExceptionGroup) as failure:  # collect them all, then report
                    failures.append(f"--- {operation.label} ({mode.value}, as {role}):\n{failure}")
        assert not failures, "\n\n".join(failures)
    finally:
        schemathesis_asgi.shutdown_lifespans()
