"""The process's heap, settled after start-up so that garbage collection does not stall requests.

What a server makes while starting (modules, the FastAPI and SQLAlchemy machinery, compiled
statements, the settings) lives as long as the process, yet every full collection walks all of
it again. Under a reservation storm those full passes stopped each process's event loop for
100–275 ms at a time (measured in bench.sync_latency), and every long-poll and request waited.
Once started, a server process of its own (``planner-server run``; not a desktop running the server
embedded) moves those objects out of the collector's view (``gc.freeze``): a full pass then walks
only what was made since, and what is no longer referenced is still collected.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from planner_server.context import ServerContext


@asynccontextmanager
async def settled_heap(context: ServerContext) -> AsyncIterator[None]:
    """Enter after the server's other features: what they made starting is frozen until shutdown."""
    gc.collect()  # what start-up left as garbage goes now, not into the frozen part
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
