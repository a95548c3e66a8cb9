"""Recordings of spoken replies: kept with their turn, heard by whoever may see the attempt (roles in
the query: the owner, their managers, trainers and admins), downloaded only by the person who spoke,
and deleted after the retention period by `python -m trainer recordings purge`."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest

from tests.plugins.llm import tone_wav
from trainer.cli import main
from trainer.config import ROOT
from trainer.errors import NotAllowedError, StoreError
from trainer.practice.attempt import LiveAttempt
from trainer.scenario.catalog import Catalog
from trainer.scoring.rules import RuleScorer
from trainer.store import NewRecording, NewTurn
from trainer.voice.timing import VoiceTiming

AUDIO = tone_wav(0.5)


def spoken_call(repo, who, audio: bytes = AUDIO) -> int:
    attempt = repo.attempts.start_attempt(who, scenario_id="angry-hold-music", scenario_version="x", seed=1,
                                          opening=NewTurn(index=0, speaker="customer", text="Finally!"))
    repo.attempts.record_turn(who, attempt.id, [NewTurn(index=1, speaker="trainee", text="So sorry."),
                                                NewTurn(index=2, speaker="customer", text="Hmm.")], {},
                              [NewRecording(turn_index=1, audio=audio, seconds=0.5)])
    return attempt.id


def test_the_owner_hears_and_downloads_their_recording(repo, people):
    attempt = spoken_call(repo, people.ana)
    (heard,) = repo.recordings.recordings(people.ana, attempt)
    assert heard.audio == AUDIO and heard.turn_index == 1 and heard.user_id == people.ana.id
    assert repo.recordings.own_recording(people.ana, attempt, 1).audio == AUDIO


def test_managers_hear_only_their_teams_and_never_download(repo, people):
    attempt = spoken_call(repo, people.ana)  # North
    assert [r.audio for r in repo.recordings.recordings(people.north_manager, attempt)] == [AUDIO]
    assert (
        len(repo.recordings.recordings(people.trainer, attempt)) == 1
        and len(repo.recordings.recordings(people.admin, attempt)) == 1
    )
    for outsider in (people.south_manager, people.ben, people.carla):
        with pytest.raises(NotAllowedError, match="outside your teams"):
            repo.recordings.recordings(outsider, attempt)
    for not_the_owner in (people.north_manager, people.admin):
        with pytest.raises(NotAllowedError, match="Only the person who recorded"):
            repo.recordings.own_recording(not_the_owner, attempt, 1)


def test_an_attempt_without_recordings_has_none_and_an_unknown_one_is_an_error(repo, people):
    attempt = repo.attempts.start_attempt(people.ana, scenario_id="angry-hold-music", scenario_version="x", seed=1)
    assert repo.recordings.recordings(people.ana, attempt.id) == []
    with pytest.raises(StoreError, match="No attempt"):
        repo.recordings.recordings(people.admin, 999_999)


def test_purge_deletes_only_older_recordings_and_keeps_the_transcript(repo, people, clock):
    old = spoken_call(repo, people.ana)
    clock.advance(timedelta(days=100).total_seconds())
    new = spoken_call(repo, people.ben)
    cutoff = clock.now - timedelta(days=90)
    assert repo.recordings.count_recordings(before=cutoff) == 1
    assert repo.recordings.purge_recordings(cutoff) == 1
    assert repo.recordings.recordings(people.ana, old) == [] and len(repo.recordings.recordings(people.ben, new)) == 1
    assert [t.text for t in repo.attempts.get_attempt(people.ana, old).turns] == ["Finally!", "So sorry.", "Hmm."]


def test_the_purge_command_counts_then_deletes(database_url, repo, people, monkeypatch, tmp_path, capsys):
    spoken_call(repo, people.ana)  # made "now" by the test clock: 2026, long before the real today
    monkeypatch.setenv("TRAINER_DATABASE_URL", database_url)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["recordings", "purge", "--dry-run"]) == 0
    assert "1 recording older than 90 days would be deleted" in capsys.readouterr().out
    assert len(repo.recordings.recordings(people.ana, 1)) == 1
    monkeypatch.setenv("TRAINER_RECORDING_RETENTION_DAYS", "36500")
    assert main(["recordings", "purge"]) == 0
    assert "Deleted 0 recordings older than 36500 days" in capsys.readouterr().out
    assert main(["recordings", "purge", "--days", "90"]) == 0
    assert "Deleted 1 recording older than 90 days" in capsys.readouterr().out
    assert repo.recordings.recordings(people.ana, 1) == []
    assert main(["recordings", "purge", "--days", "-1"]) == 2


def test_a_live_call_keeps_the_recording_with_its_reply_unless_told_not_to(repo, people):
    catalog = Catalog.load(ROOT / "scenarios")
    voice = VoiceTiming(recording_seconds=0.5, speech_start=0, speech_end=0.5, customer_seconds=8)
    live = LiveAttempt.begin(catalog, RuleScorer(), repo, people.ana, "angry-hold-music", seed=1)
    live.reply("I am so sorry about the wait.", 3, voice=voice, recording=AUDIO)
    assert [(r.turn_index, r.seconds) for r in repo.recordings.recordings(people.ana, live.attempt.id)] == [(1, 0.5)]
    other = LiveAttempt.begin(catalog, RuleScorer(), repo, people.ben, "angry-hold-music", seed=1)
    other.keep_recordings = False
    other.reply("I am so sorry about the wait.", 3, voice=voice, recording=AUDIO)
    assert repo.recordings.recordings(people.ben, other.attempt.id) == []
    saved = repo.attempts.get_attempt(people.ben, other.attempt.id).turns[1].voice
    assert saved is not None and saved["speech_end"] == 0.5  # the timing is kept all the same


def test_purging_every_recording_leaves_the_attempt(repo, people):
    attempt = spoken_call(repo, people.ana)
    assert repo.recordings.count_recordings() == 1
    repo.recordings.purge_recordings(datetime.now(UTC) + timedelta(days=1))
    assert (
        repo.recordings.count_recordings() == 0 and repo.attempts.get_attempt(people.ana, attempt).attempt.id == attempt
    )
