"""`python -m trainer db ...`: bring the database schema up to date and say where it stands.

The app upgrades on start too; this is for deploys that migrate before starting replicas, and for
checking a database by hand.
"""

from __future__ import annotations

import argparse

from trainer.config import Settings
from trainer.store import migrate
from trainer.store.engine import describe, make_engine


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("db", help="database migrations")
    sub = parser.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    sub.add_parser("upgrade", help="upgrade the schema to the newest revision").set_defaults(func=upgrade)
    sub.add_parser("current", help="show the schema revision (exit 1 when behind)").set_defaults(func=current)
    rev = sub.add_parser("revision", help="(developers) write a migration for changed models")
    rev.add_argument("-m", "--message", required=True)
    rev.set_defaults(func=revision)


def upgrade(args: argparse.Namespace, settings: Settings) -> int:
    engine = make_engine(settings.database_url)
    try:
        before = migrate.current(engine)
        after = migrate.upgrade(engine)
    finally:
        engine.dispose()
    where = describe(settings.database_url)
    if before == after:
        print(f"{where}: already at the newest revision {after}.")
    else:
        print(f"{where}: upgraded from {before or 'an empty database'} to {after}.")
    return 0


def current(args: argparse.Namespace, settings: Settings) -> int:
    engine = make_engine(settings.database_url)
    try:
        at = migrate.current(engine)
    finally:
        engine.dispose()
    head = migrate.head()
    where = describe(settings.database_url)
    if at == head:
        print(f"{where}: revision {at} (newest).")
        return 0
    print(f"{where}: revision {at or 'none (empty database)'}; newest is {head}. Run: python -m trainer db upgrade")
    return 1


def revision(args: argparse.Namespace, settings: Settings) -> int:
    engine = make_engine(settings.database_url)
    try:
        migrate.upgrade(engine)
        migrate.revision(engine, args.message)
    finally:
        engine.dispose()
    return 0
