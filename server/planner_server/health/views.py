"""Liveness and readiness for load balancers and orchestrators."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from planner_server.deps import Context

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is alive")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="The process can reach its database")
async def readyz(context: Context) -> JSONResponse:
    try:
        await context.db.ping()
    except Exception as error:  # any failure means "not ready", said plainly
        return JSONResponse({"status": "unavailable", "detail": f"database unreachable: {error}"},
                            status_code=503)
    return JSONResponse({"status": "ok"})
