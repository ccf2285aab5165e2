"""PostgreSQL: the functions behind the triggers keep one generic plan of each statement
(``sync.recorder.GENERIC_PLANS``). Left to choose, PostgreSQL re-planned the change row's large
statement at every reservation, which cost a booking rush more than running it."""

from __future__ import annotations

import psycopg

from planner_server.sync.recorder import GENERIC_PLANS

TRIGGER_FUNCTIONS = ("record_slot_change", "record_user_change", "check_booking_rules")


def test_the_trigger_functions_keep_generic_plans(pg_template_url):
    setting = GENERIC_PLANS.removeprefix("SET ").replace(" = ", "=")
    with psycopg.connect(pg_template_url) as conn:
        configs = dict(conn.execute("SELECT proname, proconfig FROM pg_proc WHERE proname = ANY(%s)",
                                    (list(TRIGGER_FUNCTIONS),)).fetchall())
    assert set(configs) == set(TRIGGER_FUNCTIONS)
    assert all(setting in (config or []) for config in configs.values()), configs
