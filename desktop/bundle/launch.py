"""The standalone bundle's entry point: the ``planner`` command."""

from planner_desktop.app import main

raise SystemExit(main())
