"""The Consultation Planner server: the /api/v1 contract over SQLite or PostgreSQL."""
