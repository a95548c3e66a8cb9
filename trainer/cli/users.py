"""`python -m trainer users ...`: add accounts, list them, change them (name, role, team, manager),
deactivate and reactivate them, set a password, and read the log of those changes, from the terminal.
The operator at the terminal acts as an admin; the change log records them as "the command line".

Passwords are read from standard input (never from the command line, where they would land in the
shell history and the process list): `printf '%s\\n' "$PASSWORD" | python -m trainer users add ...`.
"""

from __future__ import annotations

import argparse
import json
import sys

from trainer.config import Settings
from trainer.errors import AuthError, StoreError
from trainer.roles import ROLES
from trainer.store import PersonUpdate, Repository, UserRecord, open_repository


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("users", help="add, change, deactivate and list accounts")
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

    change = sub.add_parser("set", help="change a person's name, role, team or manager")
    change.add_argument("--email", required=True, help="whose account")
    change.add_argument("--name", help="new display name")
    change.add_argument("--role", choices=ROLES)
    team = change.add_mutually_exclusive_group()
    team.add_argument("--team", help="team name (created if new)")
    team.add_argument("--no-team", action="store_true", help="take the person out of their team")
    manager = change.add_mutually_exclusive_group()
    manager.add_argument("--manager", metavar="EMAIL", help="the person's manager (an active account)")
    manager.add_argument("--no-manager", action="store_true", help="leave the person without a manager")
    change.set_defaults(func=set_user)

    for name, active in (("deactivate", False), ("reactivate", True)):
        toggle = sub.add_parser(name, help="let the person log in again, history intact" if active
                                else "stop the person logging in; their history stays")
        toggle.add_argument("--email", required=True)
        toggle.set_defaults(func=set_active, active=active)

    history = sub.add_parser("history", help="the log of changes to accounts, newest first")
    history.add_argument("--email", help="only this person's")
    history.add_argument("--limit", type=int, default=50, help="how many changes (default: 50)")
    history.add_argument("--json", action="store_true", help="one JSON object per line")
    history.set_defaults(func=show_history)


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
        user = repo.accounts.create_user(args.email, args.name, args.role, password, team=args.team,
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
            page = repo.accounts.all_users(after=after)
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


def existing(repo: Repository, email: str) -> UserRecord:
    user = repo.accounts.find_user(email)
    if user is None:
        raise StoreError(f"No account with the email {email}. See them all with: users list")
    return user


def set_password(args: argparse.Namespace, settings: Settings) -> int:
    password = read_password(args)
    repo = open_repository(settings)
    try:
        user = existing(repo, args.email)
        ended = repo.accounts.set_password(user.id, password)
    finally:
        repo.close()
    logins = f" and {ended} open login{'s' if ended != 1 else ''} ended" if ended else ""
    print(f"New password set for {user.email}; the account is unlocked{logins}.")
    return 0


def set_user(args: argparse.Namespace, settings: Settings) -> int:
    wanted: dict[str, str | None] = {"display_name": args.name, "role": args.role}
    wanted = {k: v for k, v in wanted.items() if v is not None}
    if args.team is not None or args.no_team:
        wanted["team"] = None if args.no_team else args.team
    if args.manager is not None or args.no_manager:
        wanted["manager_email"] = None if args.no_manager else args.manager
    if not wanted:
        raise StoreError("Say what to change: --name, --role, --team/--no-team or --manager/--no-manager.")
    repo = open_repository(settings)
    try:
        user = existing(repo, args.email)
        latest = repo.people.people_changes(None, user_id=user.id, limit=1).items
        repo.people.update_user(user.id, PersonUpdate(**wanted))
        change = repo.people.people_changes(None, user_id=user.id, limit=1).items
    finally:
        repo.close()
    if change[:1] == latest[:1]:
        print(f"Nothing to change for {user.email}: it is already so.")
    else:
        print(f"Changed {user.email}: {change[0].summary}.")
    return 0


def set_active(args: argparse.Namespace, settings: Settings) -> int:
    repo = open_repository(settings)
    try:
        user = existing(repo, args.email)
        repo.people.set_active(user.id, args.active)
    finally:
        repo.close()
    if user.active == args.active:
        print(f"{user.email} is already {'active' if args.active else 'deactivated'}.")
    elif args.active:
        print(f"Reactivated {user.email}: they can log in again.")
    else:
        print(f"Deactivated {user.email}: they cannot log in any more; their attempts and results stay.")
    return 0


def show_history(args: argparse.Namespace, settings: Settings) -> int:
    repo = open_repository(settings)
    try:
        user_id = existing(repo, args.email).id if args.email else None
        changes = repo.people.people_changes(None, user_id=user_id, limit=args.limit).items
    finally:
        repo.close()
    for c in changes:
        if args.json:
            print(json.dumps({**c.model_dump(mode="json"), "by": c.by, "summary": c.summary}, ensure_ascii=False))
        else:
            print(f"{c.changed_at:%Y-%m-%d %H:%M} UTC  {c.person_email}  {c.summary}  (by {c.by})")
    if not changes and not args.json:
        print("No changes recorded yet.")
    return 0
