"""Municipal variants: a workspace built on a base workspace, and blueprints written as changes.

* :mod:`~pwib_dsl.variants.base` — the chain of base workspaces named by ``[base] path`` in
  ``pwib.toml``: their files join a compile as context (PB801–PB803);
* :mod:`~pwib_dsl.variants.apply` — applying a variant's changes to its base blueprint's
  surface AST, every change matched to exactly one thing (PB805);
* :mod:`~pwib_dsl.variants.resolve` — resolving a variant into an ordinary
  :class:`~pwib_dsl.sema.model.Blueprint` with its origin, the lock check (PB806, PB807) and the
  legal floor (PB808–PB810);
* :mod:`~pwib_dsl.variants.lock` — content hashes and ``pwib variant lock``'s snapshots;
* :mod:`~pwib_dsl.variants.status` — drift of a variant against a changed base
  (``pwib variant status``; never imported by ``pwib check``).
"""
