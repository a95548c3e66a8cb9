"""Alembic's migration environment and revisions for the store (see README in this folder)."""
