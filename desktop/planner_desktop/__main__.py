"""``python -m planner_desktop``: the same as the ``planner`` command."""

from planner_desktop.app import main

raise SystemExit(main())
