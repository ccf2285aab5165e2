"""The change log (SPEC §6): one row per change a desktop may show, in commit order.

A slot row keeps the slot as it was right after the change — the columns that decide who sees it,
and its answer as JSON — so every reader can tell exactly what that change looked like to it (a
client sees a free slot disappear, never who took it). A user row
names the user; its data is the user as it is when read.

``cursor`` is the feed's position. It is given at commit, in commit order: on PostgreSQL a deferred
trigger takes the change-log lock, numbers the transaction's rows and NOTIFYs, a slot's row
included (migrations 0002_changes, 0004_change_data); on SQLite, where writers are serialised
anyway, it is the row id.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from planner_server.db import Base, UTCDateTime

ID_TYPE = BigInteger().with_variant(Integer(), "sqlite")  # SQLite: the rowid, never reused
NOTIFY_CHANNEL = "planner_changes"


class Change(Base):
    __tablename__ = "changes"
    __table_args__ = (
        CheckConstraint("entity IN ('slot', 'user')", name="change_entity_known"),
        Index("ix_changes_cursor", "cursor", unique=True),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(ID_TYPE, primary_key=True)
    cursor: Mapped[int | None] = mapped_column(BigInteger)  # NULL until the transaction commits
    entity: Mapped[str] = mapped_column(String(8))
    entity_id: Mapped[int] = mapped_column(Integer)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    # Re-recorded because a user (its specialist or client) changed, not because the slot did.
    follow_up: Mapped[bool] = mapped_column(Boolean, default=False)
    # The slot after the change (specialist_id alone when deleted; all NULL for users).
    specialist_id: Mapped[int | None] = mapped_column(Integer)
    client_id: Mapped[int | None] = mapped_column(Integer)
    previous_client_id: Mapped[int | None] = mapped_column(Integer)  # the client it was taken from
    held_for_id: Mapped[int | None] = mapped_column(Integer)  # a free slot held for a client (a move)
    status: Mapped[str | None] = mapped_column(String(16))
    listed: Mapped[bool | None] = mapped_column(Boolean)  # its specialist may act, and is not busy then
    start_time: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_time: Mapped[datetime | None] = mapped_column(UTCDateTime)
    data: Mapped[str | None] = mapped_column(Text)  # the slot's answer (slots.fields), as JSON
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ChangeLogState(Base):
    """One row (id 1): the newest cursor removed by pruning; older cursors get 410."""

    __tablename__ = "change_log_state"
    __table_args__ = (CheckConstraint("id = 1", name="change_log_state_single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pruned_through: Mapped[int] = mapped_column(BigInteger, default=0)
