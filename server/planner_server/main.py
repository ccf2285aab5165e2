"""create_app(settings) → the FastAPI application: routers, error handlers, lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from fastapi import APIRouter, FastAPI
from starlette.concurrency import run_in_threadpool

from planner_server import migrate
from planner_server.auth.views import router as auth_router
from planner_server.config import Settings
from planner_server.context import ServerContext
from planner_server.errors import install_error_handlers
from planner_server.health.views import router as health_router
from planner_server.slots.views import router as slots_router
from planner_server.users.views import router as users_router

API_PREFIX = "/api/v1"
log = logging.getLogger("planner_server")

# Background parts of a running server (mail delivery, change-feed wake-ups): each is an async
# context manager factory taking the ServerContext, entered at start-up and left at shutdown.
FEATURES: list = []  # type: ignore[type-arg]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    context = ServerContext.from_settings(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.should_migrate_on_start:
            await run_in_threadpool(migrate.upgrade, settings.effective_database_url)
        async with AsyncExitStack() as stack:
            for feature in FEATURES:
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
    api = APIRouter(prefix=API_PREFIX)
    for router in (auth_router, users_router, slots_router):
        api.include_router(router)
    app.include_router(api)
    app.include_router(health_router)
    return app


def app_factory() -> FastAPI:
    """For uvicorn's --factory: settings from the environment (used by `planner-server run`)."""
    return create_app()
