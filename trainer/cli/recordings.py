"""`python -m trainer recordings purge`: delete recorded replies older than the retention period.

Recordings of spoken replies are kept for `TRAINER_RECORDING_RETENTION_DAYS` (default 90). Run this
daily (cron, a scheduled task): it deletes older ones in batches; transcripts, timings and scores are
kept. `--days` overrides the setting for one run; `--dry-run` only counts.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta

from trainer.config import Settings
from trainer.errors import ConfigError
from trainer.store import open_repository


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("recordings", help="recorded replies of voice calls")
    sub = parser.add_subparsers(dest="recordings_command", required=True, metavar="ACTION")
    purge_parser = sub.add_parser("purge", help="delete recordings older than the retention period")
    purge_parser.add_argument("--days", type=int, default=None,
                              help="keep this many days instead of TRAINER_RECORDING_RETENTION_DAYS")
    purge_parser.add_argument("--dry-run", action="store_true", help="count what would be deleted; delete nothing")
    purge_parser.set_defaults(func=purge)


def purge(args: argparse.Namespace, settings: Settings) -> int:
    days = settings.recording_retention_days if args.days is None else args.days
    if days < 0:
        raise ConfigError("--days must be 0 or more (0 deletes every recording).")
    before = datetime.now(UTC) - timedelta(days=days)
    repo = open_repository(settings)
    try:
        if args.dry_run:
            n = repo.recordings.count_recordings(before=before)
            print(f"{n:,} recording{'' if n == 1 else 's'} older than {days} days would be deleted "
                  f"(made before {before:%Y-%m-%d %H:%M} UTC); {repo.recordings.count_recordings() - n:,} kept.")
            return 0
        n = repo.recordings.purge_recordings(before)
        print(f"Deleted {n:,} recording{'' if n == 1 else 's'} older than {days} days (made before "
              f"{before:%Y-%m-%d %H:%M} UTC); {repo.recordings.count_recordings():,} kept.")
    finally:
        repo.close()
    return 0
