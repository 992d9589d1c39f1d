"""The golden-file helper: a missing or differing golden fails; only the flag rewrites one."""

from __future__ import annotations

import pytest

from golden import check_golden


def test_missing_golden_fails_and_is_not_written(tmp_path):
    path = tmp_path / "out.json"
    with pytest.raises(pytest.fail.Exception, match="missing"):
        check_golden(path, "{}\n", update=False)
    assert not path.exists()


def test_differing_golden_fails_with_a_diff(tmp_path):
    path = tmp_path / "out.txt"
    path.write_text("old\n")
    with pytest.raises(pytest.fail.Exception, match="-old"):
        check_golden(path, "new\n", update=False)
    assert path.read_text() == "old\n"


def test_update_writes_missing_and_differing_goldens(tmp_path):
    path = tmp_path / "sub" / "out.txt"
    check_golden(path, "new\n", update=True)
    assert path.read_text() == "new\n"
    check_golden(path, b"newer\n", update=True)
    check_golden(path, "newer\n", update=False)
