"""Alembic's migration environment and revisions for the store (see README in this folder)."""

__all__: list[str] = []  # Alembic loads `env` and the revisions itself; nothing here is for other code
