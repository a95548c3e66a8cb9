"""Alembic environment: always run by `trainer.store.migrate` with a live connection in
`config.attributes["connection"]`, never from an alembic.ini."""

from alembic import context

from trainer.store.tables import Base, UtcDateTime


def render_item(kind, obj, autogen_context):
    """Write our UTC timestamp type as a plain DateTime, so revisions never import trainer code."""
    if kind == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    render_item=render_item,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
