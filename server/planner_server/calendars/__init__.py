"""The specialist's own calendar (CalDAV): busy times, consultations written back, and the
private iCalendar feeds of every user (SPEC §10)."""
