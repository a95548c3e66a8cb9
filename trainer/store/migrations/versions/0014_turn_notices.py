"""turn notices: why a line is not what was meant gets its own column

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05

A customer line that came from the script because the LLM could not give one, and a reply typed
because speech failed, each carry a notice saying so. Until now the first rode in the customer turn's
`criteria` JSON (`{"notice": ...}`, a column documented as per-criterion results) and the second in the
trainee turn's `voice` JSON. Both move to `turns.notice`; a customer turn's `criteria` becomes empty
again (customer lines carry no scores), and a `voice` that held only the notice becomes empty too.
Downgrading puts them back where they were.
"""
from typing import Any, Sequence, Union

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql


revision: str = '0014'
down_revision: Union[str, Sequence[str], None] = '0013'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

NOTICE = 'notice'
BATCH = 1000


_json = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), 'postgresql')
turns = sa.Table('turns', sa.MetaData(), sa.Column('id', sa.Integer, primary_key=True),
                 sa.Column('speaker', sa.String(16)), sa.Column('criteria', _json), sa.Column('voice', _json),
                 sa.Column('notice', sa.Text))


def _rewrite(select: Any, change: Any) -> None:
    """Read the rows of `select` in batches by id and write `change(row)` (a dict of new values, or None)."""
    conn, after = op.get_bind(), 0
    while rows := conn.execute(select.where(turns.c.id > after).order_by(turns.c.id).limit(BATCH)).all():
        for row in rows:  # one statement a row: notices are few, and each row changes other columns
            if (values := change(row)) is not None:
                conn.execute(sa.update(turns).where(turns.c.id == row.id).values(**values))
        after = rows[-1].id


def _moved_out(row: Any) -> dict[str, Any] | None:
    field = 'criteria' if row.speaker == 'customer' else 'voice'
    doc = getattr(row, field)
    if not isinstance(doc, dict) or not isinstance(doc.get(NOTICE), str):
        return None
    rest = {k: v for k, v in doc.items() if k != NOTICE}
    return {'notice': doc[NOTICE], field: rest or None}


def _moved_back(row: Any) -> dict[str, Any]:
    field = 'criteria' if row.speaker == 'customer' else 'voice'
    doc = dict(getattr(row, field) or {})
    doc[NOTICE] = row.notice
    return {field: doc}


def _has_notice(column: sa.Column) -> sa.ColumnElement[bool]:
    """`column` is a JSON object with a "notice" key (a JSON `null` or any other document is not)."""
    if op.get_bind().dialect.name == 'postgresql':
        return column.op('?')(NOTICE)
    return sa.func.json_extract(column, f'$.{NOTICE}').is_not(None)


def upgrade() -> None:
    with op.batch_alter_table('turns') as batch:
        batch.add_column(sa.Column('notice', sa.Text(), nullable=True))
    # only the turns that carry a notice are read: a trainee turn's scores are never loaded
    _rewrite(sa.select(turns.c.id, turns.c.speaker, turns.c.criteria, sa.null().label('voice'))
             .where(turns.c.speaker == 'customer', _has_notice(turns.c.criteria)), _moved_out)
    _rewrite(sa.select(turns.c.id, turns.c.speaker, sa.null().label('criteria'), turns.c.voice)
             .where(turns.c.speaker == 'trainee', _has_notice(turns.c.voice)), _moved_out)


def downgrade() -> None:
    _rewrite(sa.select(turns.c.id, turns.c.speaker, turns.c.criteria, turns.c.voice, turns.c.notice)
             .where(turns.c.notice.is_not(None)), _moved_back)
    # dropped in place: rebuilding `turns` (SQLite's batch copy) would drop the table under the
    # foreign keys that are on, and `reply_scores` rows, which cascade from their turn, would go with it
    with op.batch_alter_table('turns', recreate='never') as batch:
        batch.drop_column('notice')
