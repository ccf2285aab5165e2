"""The administrator's window: the user table with its editing, and the outbox."""
