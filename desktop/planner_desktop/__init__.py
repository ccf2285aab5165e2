"""Consultation Planner desktop application (PySide6): sign in, then the window for your role."""

__version__ = "0.1.0"
