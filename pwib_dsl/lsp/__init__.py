"""The language server (``pwib lsp``): pygls over stdio.

Modules: :mod:`.store` (open documents, workspace and standard-library files, parse cache),
:mod:`.index` (the names one file declares and writes, and where), :mod:`.targets` (what a
name names, read from the compiler's record), :mod:`.analysis` (compiling as ``pwib check``
does: a document, or its whole workspace),
:mod:`.positions` (spans ↔ LSP positions in the negotiated encoding), one module per feature
(:mod:`.diagnostics`, :mod:`.hover`, :mod:`.navigation`, :mod:`.completion`, :mod:`.actions`,
:mod:`.outline`, :mod:`.formatting`) and :mod:`.server`, which wires them to the protocol.
"""
