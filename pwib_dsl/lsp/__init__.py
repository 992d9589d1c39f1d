"""The language server (``pwib lsp``): pygls over stdio.

Modules: :mod:`.store` (open documents, workspace and standard-library files, parse cache),
:mod:`.index` (declarations and references of one file), :mod:`.resolve` (name lookup across
files), :mod:`.analysis` (the diagnostics of ``pwib check`` for one document),
:mod:`.positions` (spans ↔ LSP positions in the negotiated encoding), one module per feature
(:mod:`.diagnostics`, :mod:`.hover`, :mod:`.navigation`, :mod:`.completion`, :mod:`.actions`,
:mod:`.outline`, :mod:`.formatting`) and :mod:`.server`, which wires them to the protocol.
"""
