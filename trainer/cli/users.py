"""`python -m trainer users ...`: add accounts, list them, set a password, from the terminal.

Passwords are read from standard input (never from the command line, where they would land in the
shell history and the process list): `printf '%s\\n' "$PASSWORD" | python -m trainer users add ...`.
"""

from __future__ import annotations

import argparse
import json
import sys

from trainer.config import Settings
from trainer.errors import AuthError, StoreError
from trainer.store import open_repository
from trainer.store.records import ROLES


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("users", help="add and list accounts")
    sub = parser.add_subparsers(dest="users_command", required=True, metavar="ACTION")

    add = sub.add_parser("add", help="add an account (password on standard input)")
    add.add_argument("--email", required=True)
    add.add_argument("--name", required=True, help="display name")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--team", help="team name (created if new; a manager also manages it)")
    add.add_argument("--manager", metavar="EMAIL", help="the person's manager (an existing account)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.set_defaults(func=add_user)

    listing = sub.add_parser("list", help="list every account")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    listing.set_defaults(func=list_users)

    passwd = sub.add_parser("set-password", help="set a new password and lift any lock")
    passwd.add_argument("--email", required=True)
    passwd.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    passwd.set_defaults(func=set_password)


def read_password(args: argparse.Namespace) -> str:
    if not args.password_stdin:
        raise AuthError("Give the password on standard input with --password-stdin, e.g. "
                        "printf '%s\\n' \"$PASSWORD\" | python -m trainer users add ... --password-stdin")
    line = sys.stdin.readline()
    return line[:-1] if line.endswith("\n") else line


def add_user(args: argparse.Namespace, settings: Settings) -> int:
    password = read_password(args)
    repo = open_repository(settings)
    try:
        user = repo.create_user(args.email, args.name, args.role, password, team=args.team,
                                manager_email=args.manager)
    finally:
        repo.close()
    team = f" in team {user.team_name}" if user.team_name else ""
    print(f"Added {user.role} {user.display_name} <{user.email}>{team}.")
    return 0


def list_users(args: argparse.Namespace, settings: Settings) -> int:
    repo = open_repository(settings)
    try:
        after, rows = None, []
        while True:
            page = repo.all_users(after=after)
            rows.extend(page.items)
            if page.next_cursor is None:
                break
            after = page.next_cursor
    finally:
        repo.close()
    if args.json:
        for user in rows:
            print(json.dumps(user.model_dump(mode="json"), ensure_ascii=False))
        return 0
    if not rows:
        print("No accounts yet. Add the first admin with: python -m trainer users add --role admin ...")
        return 0
    table = [("EMAIL", "NAME", "ROLE", "TEAM", "ACTIVE")]
    table += [(u.email, u.display_name, u.role, u.team_name or "-", "yes" if u.active else "no") for u in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    for row in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return 0


def set_password(args: argparse.Namespace, settings: Settings) -> int:
    password = read_password(args)
    repo = open_repository(settings)
    try:
        user = repo.find_user(args.email)
        if user is None:
            raise StoreError(f"No account with the email {args.email}. See them all with: users list")
        repo.set_password(user.id, password)
    finally:
        repo.close()
    print(f"New password set for {user.email}; the account is unlocked.")
    return 0
