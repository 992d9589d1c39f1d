"""The fuzz harness: generated and mutated blueprints through the whole pipeline, in-process.

Two sources of input, both driven by one seeded ``random.Random`` (a run is reproduced from
its seed and input number):

* **generation** — grammar-aware: blueprints and catalogues built from the language's own
  statements (phases, steps, decisions, every lane and layer, legal references into the
  standard library, ``next``/``when``/``otherwise``, comments, long strings), with names,
  texts, escapes, hostile characters, line ends (LF, CRLF, lone CR) and layout drawn at random;
* **mutation** — the standard library and the examples (whole, or a window of 20 to 120 of
  their lines), cut, repeated, spliced with language tokens, their bytes flipped, lines
  swapped, line ends changed.

For every input the oracle asserts:

1. no internal error: decoding, parsing, checking (with the standard library) and rendering
   the diagnostics (human, short, JSON) never raise; every code is documented, every span
   lies inside the text and says the line and column its offset has;
2. ``fmt`` is idempotent and keeps the meaning: a file the formatter accepts prints to text
   that parses to an equal AST with the same comments, and formatting that text changes
   nothing; ``fmt`` accepts a file exactly when it has no syntax error;
3. builds are well-formed: when the check is clean, the JSON output parses as JSON, every
   BPMN file parses as XML, and every HTML page parses as XML-free HTML without raw control
   characters (HTML on every :data:`HTML_EVERY`-th clean input, it is the slowest backend).

``python scripts/fuzz.py --inputs 100000 --seed 1`` is the long run; it prints its figures
and exits 1 when it found anything (each finding is saved with ``--save DIR``).
``tests/test_fuzz_campaign.py`` runs a bounded campaign under a fixed seed.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: HTML is checked on every n-th input that builds (it costs most of a run's time).
HTML_EVERY = 10

LANES = ("evidence", "customer", "frontstage", "backstage", "support")
LAYERS = ("policy", "functionality", "toolkit", "pain", "opportunity", "kpi", "note")
UNITS = ("days", "workdays", "weeks", "months", "years", "day", "week")
LAWS = (("wgs", ("2", "3", "4", "5", "6", "7")), ("pw", ("8", "11", "18", "41", "43", "44")))
ROLES = ("inwoner", "schuldhulpverlener", "klantmanager")
WORDS = ("aanvraag", "gesprek", "besluit", "brief", "dossier", "melding", "budget", "afspraak", "toets")
HOSTILE = (
    "<script>alert(1)</script>", "\" onmouseover=\"x", "&amp;", "]]>", "{{ x }}", "{% x %}", "\\u{202E}",
    "\\u{0}", "\\u{1b}", "\\n", "\\t", "\\\\", "\\\"", "漢字", "é", "\u200b", "\ufeff", "\x07", "\x1b[31m",
    "javascript:alert(1)", "${x}", "%s", "'", "\u0301", "\U0001f600",
)
PIECES = (
    "{", "}", "\n", " ", "\t", '"', '"""', '"tekst"', "->", "=", ".", "#", "# c\n", "\r", "\r\n", "\\",
    "step", "phase", "decision", "end", "next", "when", "otherwise", "legal", "art", "lid", "use",
    "blueprint", "actor", "system", "customer", "note", "deadline", "emotion", "journey", "4", "-3",
    "\x00", "\ufeff", "é", "\u202e", "a" * 300,
)


# ---------------------------------------------------------------- generation


class Generator:
    """Grammar-aware random blueprints (see the module docstring)."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def name(self, prefix: str = "") -> str:
        r = self.rng
        base = r.choice(WORDS) if r.random() < 0.8 else r.choice(("x", "_a", "a-b", "é", "stap2", "step", "art"))
        return f"{prefix}{base}{r.randrange(100)}" if r.random() < 0.9 else base

    def text(self) -> str:
        r = self.rng
        roll = r.random()
        if roll < 0.97:
            body = " ".join(r.choice(WORDS) for _ in range(r.randint(1, 5)))
        elif roll < 0.995:
            body = " ".join(r.choice(WORDS + HOSTILE) for _ in range(r.randint(1, 4)))
        else:
            body = r.choice(("", " ", "\\t", "x" * r.choice((199, 201, 2001))))
        return '"' + body.replace('"', '\\"') + '"' if '\\"' not in body else f'"{body}"'

    def long_text(self) -> str:
        lines = [" ".join(self.rng.choice(WORDS) for _ in range(3)) for _ in range(self.rng.randint(1, 3))]
        return '"""\n    ' + "\n    ".join(lines) + '\n    """'

    def item(self, nodes: list[str], actors: list[str], systems: list[str]) -> str:
        r = self.rng
        kind = r.random()
        if kind < 0.35:
            actor = f"{r.choice(actors)} " if actors and r.random() < 0.6 else ""
            return f"{r.choice(LANES)} {actor}{self.text()}"
        if kind < 0.5:
            return f"{r.choice(LAYERS)} {self.text()}"
        if kind < 0.62:
            law, arts = r.choice(LAWS)
            lid = f" lid {r.randint(1, 3)}" if r.random() < 0.05 else ""
            return f"legal {law} art {r.choice(arts)}{lid}" + (f" {self.text()}" if r.random() < 0.3 else "")
        if kind < 0.7:
            return f"deadline {r.randint(1, 30)} {r.choice(UNITS)}" + (f" {self.text()}" if r.random() < 0.4 else "")
        if kind < 0.76:
            return f"emotion {r.randint(-3, 3) if r.random() < 0.05 else r.randint(-2, 2)}"
        if kind < 0.82 and systems:
            return f"system {r.choice(systems)}"
        if kind < 0.86:
            return f"communication {r.choice(('brief', 'mail', 'telefoon'))} {self.text()}"
        if kind < 0.9:
            return f"outcome {r.choice(('beschikking', 'besluit', 'informeel', 'x'))}"
        return f"next {r.choice(nodes)}" if nodes else "note \"-\""

    def node(self, kind: str, name: str, later: list[str], actors, systems, indent: str) -> list[str]:
        r = self.rng
        out = [f"{indent}{kind} {name} {self.text()} {{"]
        once = set()  # fields that hold one value (a repeat is PB109, rare on purpose)
        for _ in range(r.randint(0, 6)):
            item = self.item(later, actors, systems)
            word = item.split(" ", 1)[0]
            if word in ("emotion", "deadline", "outcome", "next") and word in once and r.random() < 0.95:
                continue
            once.add(word)
            out.append(f"{indent}  {item}")
        if kind in ("decision", "step") and r.random() < 0.9:  # a decision or outcome needs a legal basis
            law, arts = r.choice(LAWS)
            out.append(f"{indent}  legal {law} art {r.choice(arts)}")
        if kind == "decision" and later:
            for _ in range(r.randint(1, 3)):
                out.append(f"{indent}  when {self.text()} -> {r.choice(later)}")
            if r.random() < 0.7:
                out.append(f"{indent}  otherwise -> {r.choice(later)}")
        elif kind == "step" and later and "next" not in once and r.random() < 0.9:
            out.append(f"{indent}  next {later[0] if r.random() < 0.7 else r.choice(later)}")
        out.append(f"{indent}}}")
        return out

    def blueprint(self) -> str:
        r = self.rng
        lines = []
        if r.random() < 0.9:
            lines += ["use wet", "use rollen"] + (["use gemma"] if r.random() < 0.5 else [])
        if r.random() < 0.3:
            lines.append(f"# {self.rng.choice(WORDS)}")
        lines.append(f"blueprint {self.name('bp')} {self.text()} {{")
        if r.random() < 0.6:
            lines.append(f"  status {r.choice(('concept', 'review', 'approved', 'retired', 'x'))}")
        if r.random() < 0.3:
            lines.append(f"  description {self.long_text()}")
        actors = []
        for i in range(r.randint(0, 3)):
            actors.append(f"a{i}")
            lines.append(f"  actor a{i} = rollen.{r.choice(ROLES)}")
        systems = []
        for i in range(r.randint(0, 2)):
            systems.append(f"s{i}")
            lines.append(f"  system s{i} {self.text()}")
        names = list(dict.fromkeys(self.name("n") for _ in range(r.randint(1, 8)))) + ["klaar"]
        body: list[str] = []
        i = 0
        while i < len(names) - 1:
            in_phase = r.random() < 0.4
            count = r.randint(1, 3) if in_phase else 1
            chunk = names[i : i + count]
            indent = "    " if in_phase else "  "
            nodes = []
            for j, name in enumerate(chunk):
                later = names[i + j + 1 :]
                kind = "decision" if r.random() < 0.2 else "step"
                nodes += self.node(kind, name, later, actors, systems, indent)
            if in_phase:
                body += [f"  phase {self.name('p')} {self.text()} {{", *nodes, "  }"]
            else:
                body += nodes
            i += len(chunk)
        body.append(f"  end klaar {self.text()}")
        lines += body + ["}"]
        if r.random() < 0.2:
            lines += [f"system {self.name('sys')} {self.text()} {{", f"  url {self.url()}", "}"]
        return self.layout(lines)

    def url(self) -> str:
        return self.rng.choice(('"https://example.org/a"', '"http://example.org/b?c=1"', '"javascript:alert(1)"',
                                '"../../etc/passwd"', '"data:text/html,x"', '"https://"'))

    def layout(self, lines: list[str]) -> str:
        r = self.rng
        end = r.choices(("\n", "\r\n", "\r"), weights=(90, 7, 3))[0]
        if r.random() < 0.2:  # messy indentation and spacing
            lines = [(" " * r.randint(0, 6)) + line.strip() + (" " * r.randint(0, 2)) for line in lines]
        if r.random() < 0.1:
            lines = [line + (f"  # {r.choice(WORDS)}" if r.random() < 0.2 and not line.endswith("{") else "")
                     for line in lines]
        return end.join(lines) + (end if r.random() < 0.95 else "")


# ---------------------------------------------------------------- mutation


def corpus() -> list[str]:
    files = sorted([*ROOT.glob("stdlib/*.blueprint"), *ROOT.glob("examples/**/*.blueprint")])
    return [p.read_text(encoding="utf-8") for p in files]


def mutate(rng: random.Random, text: str) -> str:
    """One to four random edits of ``text``."""
    for _ in range(rng.randint(1, 4)):
        n = len(text)
        a = rng.randrange(n + 1)
        b = min(n, a + rng.choice((1, 2, 5, 20, 200)))
        op = rng.randrange(9)
        if op == 0:
            text = text[:a] + text[b:]
        elif op == 1:
            text = text[:a] + text[a:b] * rng.randint(2, 5) + text[a:]
        elif op == 2:
            text = text[:a] + rng.choice(PIECES) + text[a:]
        elif op == 3:
            text = text[:a] + rng.choice(PIECES) + text[b:]
        elif op == 4:
            lines = text.split("\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif op == 5:
            text = text.replace("\n", rng.choice(("\r", "\r\n", "\n\n")))
        elif op == 6 and n:
            text = text[:a] + chr(rng.choice((0x09, 0x0B, 0x1B, 0x7F, 0x85, 0x2028, 0xFEFF, 0x202E))) + text[a:]
        elif op == 7:
            text = text[:a]
        else:
            c = rng.randrange(n + 1)
            text = text[:a] + text[c : c + rng.randint(1, 300)] + text[a:]
    return text


def flip_bytes(rng: random.Random, text: str) -> bytes:
    data = bytearray(text.encode("utf-8"))
    for _ in range(rng.randint(1, 3)):
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


# ---------------------------------------------------------------- the oracle


class Finding(Exception):
    """A broken guarantee (or an exception), with what it is about."""


def check_one(data: bytes, stats: Counter, html: bool) -> None:
    """Run one input through the pipeline and assert the guarantees (see the module docstring)."""
    from pwib_dsl import resources
    from pwib_dsl.diagnostics import codes
    from pwib_dsl.diagnostics.model import Diagnostic
    from pwib_dsl.diagnostics.render import Sources, render
    from pwib_dsl.driver import compile_sources
    from pwib_dsl.fmt import format_source, print_file, same_meaning
    from pwib_dsl.workspace.reading import source_from_bytes
    from pwib_dsl.source import SourceFile
    from pwib_dsl.syntax.parser import parse

    src = source_from_bytes(data, "fuzz.blueprint")
    if isinstance(src, Diagnostic):
        stats["undecodable"] += 1
        render([src], "human", Sources({}))
        return
    known = set(codes.codes())
    result = compile_sources([src], stdlib=resources.stdlib_dir())
    for d in result.diagnostics:
        if d.code not in known:
            raise Finding(f"undocumented code {d.code}: {d.message}")
        for label in (d.primary, *d.secondary):
            if label is None or label.file != src.path:
                continue
            s = label.span
            if not 0 <= s.start <= s.end <= len(src.text):
                raise Finding(f"{d.code} span {s} outside the text")
            if s.line and (s.line, s.col) != src.line_col(s.start):
                raise Finding(f"{d.code} span {s} does not say the line and column of its offset")
    sources = Sources({src.path: src, **result.aux_sources})
    for fmt in ("human", "short", "json"):
        render(result.diagnostics, fmt, sources)

    # the check's own syntax verdict: no error from the parser or lowering (PB0xx)
    parses = not any(d.code.startswith("PB0") and d.severity.value == "error" for d in result.diagnostics)
    formatted = format_source(src, verify=False)
    if formatted.ok != parses:
        raise Finding(f"fmt {'accepts' if formatted.ok else 'refuses'} a file that check says "
                      f"{'does not parse' if formatted.ok else 'parses'} ({[d.code for d in formatted.diagnostics][:3]})")
    if formatted.ok:
        stats["formatted"] += 1
        out = SourceFile(src.path, formatted.text)
        again = parse(out)  # the meaning is compared here, not by fmt's own check (verify=False)
        if not again.ok or not same_meaning(result.files[src.path], again.file):
            raise Finding("the formatted text does not mean the same")
        if print_file(again.file, out.text) != formatted.text:  # what `fmt` of the output prints
            raise Finding("fmt is not idempotent")

    if result.has_errors or result.workspace is None or not result.workspace.blueprints:
        return
    stats["built"] += 1
    build(result.workspace, html)
    if html:
        stats["html"] += 1


def build(workspace, html: bool) -> None:
    """Render the outputs and check that each is well-formed."""
    import re

    from lxml import etree

    from pwib_dsl.backends import BuildOptions, bpmn, json_

    options = BuildOptions()
    for path, data in json_.render(workspace, options).items():
        json.loads(data)
    for path, data in bpmn.render(workspace, options).items():
        try:
            etree.fromstring(data)
        except etree.XMLSyntaxError as exc:
            raise Finding(f"{path} is not well-formed XML: {exc}") from None
    if html:
        from html.parser import HTMLParser

        from pwib_dsl.backends import html as html_backend

        control = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
        for path, data in html_backend.render(workspace, options).items():
            if not path.endswith(".html"):
                continue
            text = data.decode("utf-8")
            if control.search(text):
                raise Finding(f"{path} carries a raw control character")
            HTMLParser().feed(text)


# ---------------------------------------------------------------- the campaign


def inputs(seed: int):
    """An endless, reproducible stream of (kind, bytes)."""
    rng = random.Random(seed)
    gen = Generator(rng)
    texts = corpus()
    while True:
        roll = rng.random()
        if roll < 0.4:
            yield "generated", gen.blueprint().encode("utf-8")
        elif roll < 0.5:
            yield "generated+mutated", mutate(rng, gen.blueprint()).encode("utf-8", "surrogatepass")
        elif roll < 0.95:
            text = rng.choice(texts)
            if rng.random() < 0.7:  # a window of the file: the same constructs, a fifth of the parse
                lines = text.split("\n")
                start = rng.randrange(len(lines))
                text = "\n".join(lines[start : start + rng.randint(20, 120)])
            yield "mutated", mutate(rng, text).encode("utf-8", "surrogatepass")
        else:
            yield "bytes", flip_bytes(rng, rng.choice(texts))


def campaign(seed: int, count: int | None = None, seconds: float | None = None, save: Path | None = None,
             out=sys.stdout) -> Counter:
    """Run inputs until ``count`` of them (or ``seconds``) are done; the figures as a Counter."""
    stats: Counter = Counter()
    findings: list[tuple[int, str, str]] = []
    start = time.perf_counter()
    for number, (kind, data) in enumerate(inputs(seed)):
        if (count is not None and number >= count) or (seconds is not None and time.perf_counter() - start > seconds):
            break
        stats["inputs"] += 1
        stats[kind] += 1
        try:
            check_one(data, stats, html=stats["built"] % HTML_EVERY == 0)
        except Finding as exc:
            findings.append((number, kind, str(exc)))
        except RecursionError:
            findings.append((number, kind, "RecursionError"))
        except Exception as exc:  # noqa: BLE001 - an internal error is what the harness looks for
            findings.append((number, kind, f"internal error: {type(exc).__name__}: {exc}\n{traceback.format_exc()}"))
        if findings and save is not None and findings[-1][0] == number:
            save.mkdir(parents=True, exist_ok=True)
            (save / f"finding-{seed}-{number}.blueprint").write_bytes(data)
        if out is not None and number and number % 10_000 == 0:
            print(f"  {number:,} inputs, {len(findings)} findings, {time.perf_counter() - start:.0f} s", file=out,
                  flush=True)
    stats["findings"] = len(findings)
    stats["seconds"] = round(time.perf_counter() - start, 1)
    stats.findings = findings  # type: ignore[attr-defined]
    return stats


def report(stats: Counter, seed: int, out=sys.stdout) -> None:
    n = stats["inputs"]
    rate = n / stats["seconds"] if stats["seconds"] else 0.0
    print(f"fuzz campaign, seed {seed}: {n:,} inputs in {stats['seconds']} s ({rate:,.0f} inputs/s)", file=out)
    for key in ("generated", "generated+mutated", "mutated", "bytes"):
        print(f"  {key:<18} {stats[key]:>9,}", file=out)
    print(f"  {'undecodable':<18} {stats['undecodable']:>9,}  (PB012/PB013: not UTF-8 or NUL)", file=out)
    print(f"  {'formatted':<18} {stats['formatted']:>9,}  (fmt accepted; idempotent, same meaning)", file=out)
    print(f"  {'built':<18} {stats['built']:>9,}  (checked clean: JSON and BPMN well-formed)", file=out)
    print(f"  {'html checked':<18} {stats['html']:>9,}", file=out)
    print(f"  {'findings':<18} {stats['findings']:>9,}", file=out)
    for number, kind, what in getattr(stats, "findings", [])[:20]:
        print(f"    input {number} ({kind}): {what.splitlines()[0]}", file=out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=100_000, help="how many inputs (default 100,000)")
    parser.add_argument("--seconds", type=float, default=None, help="stop after this long at the latest")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--save", type=Path, default=None, metavar="DIR", help="write each finding's input here")
    args = parser.parse_args(argv)
    stats = campaign(args.seed, args.inputs, args.seconds, args.save)
    report(stats, args.seed)
    return 1 if stats["findings"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
