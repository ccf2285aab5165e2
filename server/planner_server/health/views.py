"""Liveness and readiness for load balancers and orchestrators."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

import planner_server
from planner_server.deps import Context

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is alive, and its version")
async def healthz() -> dict[str, str]:
    return {"status": "ok", "version": planner_server.__version__}


@router.get("/readyz", summary="The process can reach its database")
async def readyz(context: Context) -> JSONResponse:
    try:
        await context.db.ping()
    except Exception as error:  # any failure means "not ready", said plainly
        return JSONResponse({"status": "unavailable", "detail": f"database unreachable: {error}"},
                            status_code=503)
    return JSONResponse({"status": "ok"})
