"""Reusable widgets of the desktop application."""
