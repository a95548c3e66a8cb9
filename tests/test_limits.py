"""Limits that protect the server, without a database: the client address a login is counted under
(X-Forwarded-For believed only from trusted proxies), replies one person may have answered at once,
uploads and editor text too large."""

from __future__ import annotations

import threading

import pytest

from trainer.auth import client_address
from trainer.config import load_settings
from trainer.errors import ConfigError, LimitError, Problem
from trainer.limits import CallsAtOnce, check_upload
from trainer.scenario.catalog import Catalog
from trainer.studio import files


@pytest.mark.parametrize(("peer", "forwarded", "trusted", "client"), [
    ("198.51.100.9", "203.0.113.7", "", "198.51.100.9"),  # no proxy is trusted: the header is ignored
    ("198.51.100.9", "203.0.113.7", "10.0.0.5", "198.51.100.9"),  # the peer is not the trusted proxy
    ("10.0.0.5", "203.0.113.7", "10.0.0.5", "203.0.113.7"),
    ("10.0.0.5", "6.6.6.6, 203.0.113.7", "10.0.0.0/24", "203.0.113.7"),  # a client's own entry is not believed
    ("10.0.0.5", "203.0.113.7, 10.0.0.9", "10.0.0.0/24", "203.0.113.7"),  # two proxies
    ("10.0.0.5", "not-an-address", "10.0.0.5", "10.0.0.5"),
    ("10.0.0.5", None, "10.0.0.5", "10.0.0.5"),
    (None, "203.0.113.7", "", "local"),  # this machine
])
def test_the_client_address_believes_only_trusted_proxies(peer, forwarded, trusted, client):
    assert client_address(peer, forwarded, trusted) == client


def test_a_trusted_proxy_that_is_not_an_address_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="TRAINER_TRUSTED_PROXIES.*'proxy.example' is not an IP address"):
        load_settings(env={"TRAINER_TRUSTED_PROXIES": "10.0.0.1, proxy.example"}, secrets_path=tmp_path / "none")


def test_one_person_has_at_most_the_limit_at_once_and_others_are_not_affected():
    calls = CallsAtOnce()
    with calls.hold(1, 2), calls.hold(1, 2):
        with pytest.raises(LimitError, match=r"already answering 2 of your replies .* at once \(2\)"), \
                calls.hold(1, 2):
            pass
        with calls.hold(2, 2):
            assert calls.busy(2) == 1
        with calls.hold(None, 2), calls.hold(None, 2), calls.hold(None, 2):  # practising without a database
            pass
    assert calls.busy(1) == 0
    with calls.hold(1, 1):
        pass


def test_a_failure_inside_gives_the_place_back_and_threads_are_counted():
    calls = CallsAtOnce()
    with pytest.raises(RuntimeError), calls.hold(1, 1):
        raise RuntimeError("the model failed")
    assert calls.busy(1) == 0
    inside, release, refused = threading.Event(), threading.Event(), []

    def long_reply() -> None:
        with calls.hold(1, 1):
            inside.set()
            release.wait(5)

    worker = threading.Thread(target=long_reply)
    worker.start()
    inside.wait(5)
    try:
        with calls.hold(1, 1):
            pass
    except LimitError:
        refused.append(True)
    release.set()
    worker.join()
    assert refused == [True] and calls.busy(1) == 0


def test_an_upload_over_the_limit_is_refused_with_both_sizes():
    check_upload("replies.jsonl", 2048 * 1024, 2048)
    with pytest.raises(LimitError, match=r"replies.jsonl is 3.0 MiB; the largest file Frontline takes is 2.0 MiB "
                                         r"\(TRAINER_MAX_UPLOAD_KB\)"):
        check_upload("replies.jsonl", 3 * 1024 * 1024, 2048)


def test_editor_text_over_the_file_limit_is_a_problem_before_it_is_parsed(tmp_path):
    catalog = Catalog.load(tmp_path)
    text = "id: big\n" + "# padding\n" * 3000  # about 30 KiB
    problems = files.check(catalog, text, "scenario", "scenarios/en/big.yaml", max_bytes=16 * 1024)
    assert problems == [Problem("scenarios/en/big.yaml", 0, "file", "the text is 30 KiB, over the 16 KiB limit "
                                "(TRAINER_MAX_FILE_KB); split it into smaller files")]
