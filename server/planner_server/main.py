"""create_app(settings) → the FastAPI application: routers, error handlers, lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from typing import Any

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from planner_server.audit.service import audit_pruner
from planner_server.audit.views import router as audit_router
from planner_server.auth.views import router as auth_router
from planner_server.calendars.views import router as calendars_router
from planner_server.calendars.worker import calendar_worker
from planner_server.config import Settings
from planner_server.context import ServerContext
from planner_server.deps import API_PREFIX
from planner_server.errors import ERROR_RESPONSES, install_error_handlers
from planner_server.health.views import router as health_router
from planner_server.heap import settled_heap
from planner_server.notifications.views import router as outbox_router
from planner_server.notifications.worker import mail_worker
from planner_server.slots.offered import offered_slots
from planner_server.slots.views import hot_router as slots_hot_router
from planner_server.slots.views import router as slots_router
from planner_server.sync.feature import live_sync
from planner_server.sync.views import router as sync_router
from planner_server.users.booking_rules import router as booking_rules_router
from planner_server.users.views import router as users_router

log = logging.getLogger("planner_server")

# Background parts of a running server (mail delivery, change-feed wake-ups): each is an async
# context manager factory taking the ServerContext, entered at start-up and left at shutdown.
Feature = Callable[[ServerContext], AbstractAsyncContextManager[Any]]
FEATURES: list[Feature] = []
FEATURES.append(mail_worker)
FEATURES.append(live_sync)
FEATURES.append(offered_slots)  # after live_sync: it listens to the hub
FEATURES.append(audit_pruner)
FEATURES.append(calendar_worker)


def create_app(settings: Settings | None = None, *, features: Sequence[Feature] = FEATURES) -> FastAPI:
    settings = settings or Settings()
    context = ServerContext.from_settings(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.should_migrate_on_start:
            from planner_server import migrate  # alembic is heavy; only needed here

            await run_in_threadpool(migrate.upgrade, settings.effective_database_url)
        async with AsyncExitStack() as stack:
            for feature in features:
                await stack.enter_async_context(feature(context))
            yield
        await context.db.dispose()

    app = FastAPI(
        title="Consultation Planner",
        version="1.0",
        description="Clients book consultations with specialists; administrators manage users.",
        docs_url=f"{API_PREFIX}/swagger/",
        redoc_url=f"{API_PREFIX}/redoc/",
        openapi_url=f"{API_PREFIX}/schema/",
        lifespan=lifespan,
    )
    app.state.context = context
    install_error_handlers(app)
    # The requests that come in floods (reservations, long-polls: floodroute.py) are the
    # application's first routes, in no included router (each level is matched at every request).
    app.router.routes[:0] = [*slots_hot_router.routes, *sync_router.routes]
    # Then the rest, one level deep, the most requested first: FastAPI walks an included router's
    # routes one by one (twice: to match, then to handle), so each route before a request's own
    # costs it (a client's list of slots, after the sign-in, rules and users routers: 0.12 ms more).
    app.include_router(health_router)  # probed all the time by load balancers
    for router in (slots_router, booking_rules_router, users_router, auth_router, calendars_router,
                   outbox_router, audit_router):
        app.include_router(router, prefix=API_PREFIX, responses=ERROR_RESPONSES)
    return app


def app_factory() -> FastAPI:
    """For uvicorn's --factory: settings from the environment (used by `planner-server run`). The
    process is the server's own, so its heap is settled once it has started."""
    return create_app(features=[*FEATURES, settled_heap])
