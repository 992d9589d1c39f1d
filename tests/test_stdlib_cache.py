"""The parsed standard library is kept between processes, by the content of its files
(with every other parse: tests/test_parse_cache.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from pwib_dsl import resources

BLUEPRINT = """\
use wet

blueprint b "B" {
  phase p "P" {
    step s "S" {
      customer "Vraagt aan"
      legal pw art 3
      next klaar
    }
  }
  end klaar "Klaar"
}
"""

#: Compiles b.blueprint against the stdlib copy; prints the codes and the stdlib parses done.
COMPILE = """
    import json, sys
    from pathlib import Path
    import pwib_dsl.syntax.parser as parser
    seen = []
    real = parser.parse
    parser.parse = lambda src: seen.append(src.path) or real(src)
    import pwib_dsl.driver as driver
    driver.parse = parser.parse
    r = driver.compile_paths([sys.argv[1]], stdlib=Path(sys.argv[2]))
    print(json.dumps([sorted({d.code for d in r.diagnostics}), sorted(p for p in seen if p.startswith("<stdlib>"))]))
"""


def _compile(tmp_path: Path, cache: Path) -> tuple[list[str], list[str]]:
    env = {**os.environ, "PWIB_CACHE_DIR": str(cache)}
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(COMPILE), str(tmp_path / "ws" / "b.blueprint"), str(tmp_path / "std")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    codes, parsed = json.loads(proc.stdout)
    return codes, parsed


def _setup(tmp_path: Path) -> Path:
    shutil.copytree(resources.stdlib_dir(), tmp_path / "std")
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "b.blueprint").write_text(BLUEPRINT, encoding="utf-8")
    return tmp_path / "cache"


def test_second_run_reads_the_stdlib_from_the_cache(tmp_path):
    cache = _setup(tmp_path)
    codes, parsed = _compile(tmp_path, cache)
    assert "<stdlib>/wet.blueprint" in parsed and "PB201" not in codes
    again_codes, again_parsed = _compile(tmp_path, cache)
    assert again_parsed == [] and again_codes == codes


def test_an_edited_stdlib_file_is_parsed_again(tmp_path):
    cache = _setup(tmp_path)
    codes, _ = _compile(tmp_path, cache)
    wet = tmp_path / "std" / "wet.blueprint"
    text = wet.read_text(encoding="utf-8")
    start = text.index('  article 3 "Gezamenlijke huishouding" {')
    end = text.index("  }\n", start) + len("  }\n")
    wet.write_text(text[:start] + text[end:], encoding="utf-8")  # article 3 is gone
    edited_codes, parsed = _compile(tmp_path, cache)
    assert parsed == ["<stdlib>/wet.blueprint"], "only the edited file"
    assert set(edited_codes) - set(codes), "the missing article is reported"


def test_a_corrupt_entry_is_parsed_again_silently(tmp_path):
    cache = _setup(tmp_path)
    codes, _ = _compile(tmp_path, cache)
    for entry in (cache / "parse").glob("*.pickle"):
        entry.write_bytes(b"\x80\x05garbage")
    again_codes, parsed = _compile(tmp_path, cache)
    assert again_codes == codes and "<stdlib>/wet.blueprint" in parsed
