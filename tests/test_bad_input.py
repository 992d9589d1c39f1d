"""Bad input never crashes ``pwib check``: each case gets a diagnostic and the right exit status.

Every case runs the real command in a subprocess and asserts the exit status, the code in the
output, and that no traceback (and no "internal error") reaches the user.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

GOOD = 'blueprint reis "Reis" {\n  step start "Start" {\n    customer "Begint"\n  }\n  end klaar "Klaar"\n}\n'


def check(*args, cwd, timeout=120):
    proc = subprocess.run(
        [sys.executable, "-m", "pwib_dsl", "check", "--format", "short", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
    )
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    return proc


def codes(proc) -> list[str]:
    return [line.split("[", 1)[1].split("]", 1)[0] for line in proc.stdout.splitlines() if "[PB" in line]


def write(path, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path.name


def test_empty_file(tmp_path):
    proc = check(write(tmp_path / "leeg.blueprint", ""), cwd=tmp_path)
    assert (proc.returncode, codes(proc)) == (0, ["PB014"])
    assert proc.stdout == "leeg.blueprint:1:1: warning[PB014]: `leeg.blueprint` declares nothing\n"


def test_only_comments(tmp_path):
    proc = check(write(tmp_path / "notities.blueprint", "# een\n\n   # twee\n"), cwd=tmp_path)
    assert (proc.returncode, codes(proc)) == (0, ["PB014"])


def test_invalid_utf8_names_the_byte_offset(tmp_path):
    data = GOOD.replace("Begint", "Caf\udce9").encode("utf-8", "surrogateescape")
    proc = check(write(tmp_path / "oud.blueprint", data), cwd=tmp_path)
    offset = data.index(b"\xe9")
    assert (proc.returncode, codes(proc)) == (1, ["PB012"])
    assert f"at byte offset {offset}" in proc.stdout
    assert proc.stdout.startswith("oud.blueprint:3:18: error[PB012]")


def test_bom_and_crlf_are_accepted_with_right_columns(tmp_path):
    clean = "\ufeff" + GOOD.replace("\n", "\r\n")
    assert check(write(tmp_path / "goed.blueprint", clean), cwd=tmp_path).returncode == 0
    broken = clean.replace("customer", "custmer")
    proc = check(write(tmp_path / "goed.blueprint", broken), cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.startswith("goed.blueprint:3:5: error[PB005]: unknown field `custmer`")


def test_nul_bytes(tmp_path):
    proc = check(write(tmp_path / "binair.blueprint", GOOD[:20] + "\x00\x00" + GOOD[20:]), cwd=tmp_path)
    assert (proc.returncode, codes(proc)) == (1, ["PB013"])
    assert "NUL byte at byte offset 20" in proc.stdout


def test_ten_megabyte_file_fails_fast_on_the_size_limit(tmp_path):
    comment = "# " + "toelichting bij de klantreis " * 3 + "\n"
    body = GOOD + comment * (10 * 2**20 // len(comment))
    name = write(tmp_path / "groot.blueprint", body)
    assert (tmp_path / name).stat().st_size >= 10 * 2**20
    proc = check(name, cwd=tmp_path)
    assert (proc.returncode, codes(proc)) == (1, ["PB015"])
    assert "may be at most 1,048,576 bytes" in proc.stdout
    # just under the limit, the same kind of file checks clean
    name = write(tmp_path / "groot.blueprint", GOOD + comment * (1000 * 1024 // len(comment)))
    assert (check(name, cwd=tmp_path).returncode, check(name, cwd=tmp_path).stdout) == (0, "")


def test_ten_thousand_nested_braces_fail_fast_on_the_depth_limit(tmp_path):
    proc = check(write(tmp_path / "diep.blueprint", "{" * 10_000 + "\n" + "}" * 10_000 + "\n"), cwd=tmp_path)
    assert proc.returncode == 1 and codes(proc) == ["PB015"]
    assert "diep.blueprint:1:65: error[PB015]: blocks nest more than 64 deep" in proc.stdout
    nested = 'blueprint b "B" {\n' + 'step s "S" {\n' * 10_000
    proc = check(write(tmp_path / "diep.blueprint", nested), cwd=tmp_path)
    assert proc.returncode == 1 and codes(proc) == ["PB015"]
    # 50,000 phases on one line: the line limit (50,000 characters of braces in strings do not count)
    line = 'blueprint b "B" { ' + 'phase p "{" { ' * 50_000 + "\n"
    proc = check(write(tmp_path / "diep.blueprint", line), cwd=tmp_path)
    assert proc.returncode == 1 and codes(proc) == ["PB015"]
    # below the limit, braces inside strings and comments do not count as nesting
    inside = GOOD.replace('"Begint"', '"' + "{" * 100 + '"') + "# " + "{" * 100 + "\n"
    assert check(write(tmp_path / "diep.blueprint", inside), cwd=tmp_path).returncode == 0


def test_hundred_thousand_character_line(tmp_path):
    line = 'blueprint b "B" { step s "S" { note "' + "x" * 100_000 + '" legel } end e "E" }\n'
    name = write(tmp_path / "breed.blueprint", line)
    proc = check(name, cwd=tmp_path)
    assert proc.returncode == 1 and codes(proc) == ["PB015"]
    assert "breed.blueprint:1:10001: error[PB015]: line 1 is longer than 10,000 characters" in proc.stdout
    human = subprocess.run(
        [sys.executable, "-m", "pwib_dsl", "check", name], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert max(len(row) for row in human.stdout.splitlines()) < 200  # the excerpt is cut


def test_missing_file(tmp_path):
    proc = check("ontbreekt.blueprint", cwd=tmp_path)
    assert (proc.returncode, codes(proc)) == (2, ["PB010"])
    assert proc.stdout == "ontbreekt.blueprint: error[PB010]: no such file or folder: `ontbreekt.blueprint`\n"


def test_folder_without_blueprints(tmp_path):
    (tmp_path / "leeg").mkdir()
    (tmp_path / "leeg" / "notities.txt").write_text("geen blueprint\n")
    proc = check("leeg", cwd=tmp_path)
    assert (proc.returncode, codes(proc)) == (2, ["PB011"])


def test_file_that_is_a_directory(tmp_path):
    (tmp_path / "map.blueprint").mkdir()
    proc = check("map.blueprint", cwd=tmp_path)
    assert (proc.returncode, codes(proc)) == (2, ["PB011"])
    # inside a folder, a directory named *.blueprint is searched, not read as a file
    (tmp_path / "map.blueprint" / "reis.blueprint").write_text(GOOD)
    assert check(".", cwd=tmp_path).returncode == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_special_file_is_not_read(tmp_path):
    os.mkfifo(tmp_path / "pijp.blueprint")
    proc = check("pijp.blueprint", cwd=tmp_path, timeout=60)
    assert (proc.returncode, codes(proc)) == (2, ["PB010"])
    assert "is not a regular file" in proc.stdout


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path):
    name = write(tmp_path / "geheim.blueprint", GOOD)
    (tmp_path / name).chmod(0)
    try:
        proc = check(name, cwd=tmp_path)
    finally:
        (tmp_path / name).chmod(0o644)
    assert (proc.returncode, codes(proc)) == (2, ["PB010"])
    assert "Permission denied" in proc.stdout


def test_binary_garbage(tmp_path):
    data = bytes(range(1, 256)) * 40
    proc = check(write(tmp_path / "rommel.blueprint", data), cwd=tmp_path)
    assert proc.returncode == 1 and codes(proc) == ["PB012"]
    text = "".join(chr(c) for c in range(0x20, 0x2000) if chr(c).isprintable()) * 3
    proc = check(write(tmp_path / "rommel.blueprint", text), cwd=tmp_path)
    assert proc.returncode == 1 and 1 <= len(codes(proc)) <= 51
