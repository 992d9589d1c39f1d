"""Semantics: workspace loading, name resolution, checks, and the resolved model.

Layout, in the order the analysis runs (entry point :func:`pwib_dsl.sema.analyze.analyze`):

* ``workspace``  — the root folder and the files of a workspace on disk;
* ``units``      — one parsed file as a module, its symbol table;
* ``modules``    — ``use`` resolution (workspace, files by path, standard library), cycles;
* ``scope``      — kind-directed lookup of bare and qualified names, with "did you mean";
* ``catalogue``  — laws and articles, measures, components, roles, tiles → model entries;
* ``citations``  — legal references → citations; ``links`` — wetten.overheid.nl and JCI;
* ``blueprints`` — one blueprint → the model, with what the checks need beside it;
* ``checks/``    — one function per rule: legal, systems, flow, journeys, provenance;
* ``rules``      — codes, rule names and default severities; ``report`` — the collector
  (did-you-mean comes from :mod:`pwib_dsl.diagnostics.suggest`);
* ``model``      — the resolved model the backends read.
"""
