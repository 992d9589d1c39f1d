"""Semantics: workspace loading, name resolution, checks, and the resolved model."""
