"""Models shared by the Consultation Planner server and desktop: schemas, enums, rules, errors.

This package imports no Qt, no SQLAlchemy and no HTTP library.
"""
