"""Moving a booking (SPEC §2a): a specialist's pending proposal of a new time, the slot it holds
for the client, the invite's UID and SEQUENCE carried over to the slot a consultation moves to,
the move kept in the history, and the held slot's client in the change log (who sees it).

Revision ID: 0009_moves
Revises: 0004_change_data
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

from planner_server.db import UTCDateTime

revision = "0009_moves"
down_revision = "0007_accounts"
branch_labels = None
depends_on = None


def _add_reference(name: str, table: str) -> None:
    if op.get_bind().dialect.name == "sqlite":  # SQLite adds a column's REFERENCES, not a constraint
        op.execute(f"ALTER TABLE slots ADD COLUMN {name} INTEGER REFERENCES {table} (id) "
                   "ON DELETE SET NULL")
    else:
        op.add_column("slots", sa.Column(name, sa.Integer(),
                                         sa.ForeignKey(f"{table}.id", ondelete="SET NULL"), nullable=True))


def upgrade() -> None:
    _add_reference("proposed_slot_id", "slots")
    op.add_column("slots", sa.Column("proposed_start", UTCDateTime(), nullable=True))
    op.add_column("slots", sa.Column("proposed_end", UTCDateTime(), nullable=True))
    _add_reference("held_for_id", "users")
    op.add_column("slots", sa.Column("invite_slot_id", sa.Integer(), nullable=True))
    op.add_column("slots", sa.Column("invite_base", sa.Integer(), nullable=False, server_default="0"))
    op.create_index("ix_slots_held_for", "slots", ["held_for_id"])
    op.add_column("comments", sa.Column("moved_to_slot_id", sa.Integer(), nullable=True))
    op.add_column("comments", sa.Column("moved_to_start", UTCDateTime(), nullable=True))
    op.add_column("comments", sa.Column("moved_to_end", UTCDateTime(), nullable=True))
    op.add_column("changes", sa.Column("held_for_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("changes", "held_for_id")
    for name in ("moved_to_end", "moved_to_start", "moved_to_slot_id"):
        op.drop_column("comments", name)
    op.drop_index("ix_slots_held_for", "slots")
    for name in ("invite_base", "invite_slot_id", "held_for_id", "proposed_end", "proposed_start",
                 "proposed_slot_id"):
        op.drop_column("slots", name)
