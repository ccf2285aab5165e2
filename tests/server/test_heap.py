"""A server process of its own settles its heap once started; a desktop's embedded server does not."""

from __future__ import annotations

import gc


async def test_a_server_process_freezes_what_start_up_made_until_it_stops(settings_env, monkeypatch):
    from planner_server.main import app_factory

    for name, value in settings_env.items():
        monkeypatch.setenv(name, value)
    application = app_factory()  # as `planner-server run` makes it
    assert gc.get_freeze_count() == 0
    async with application.router.lifespan_context(application):
        frozen = gc.get_freeze_count()
        assert frozen > 10_000  # the modules, the FastAPI and SQLAlchemy machinery, …
        garbage = [[]]
        garbage[0].append(garbage)  # a cycle made after start-up is still collected
        del garbage
        assert gc.collect() >= 1
        assert gc.get_freeze_count() == frozen
    assert gc.get_freeze_count() == 0


async def test_an_embedded_server_leaves_the_heap_alone(app):
    assert gc.get_freeze_count() == 0  # the app fixture runs create_app's lifespan, as a desktop does
