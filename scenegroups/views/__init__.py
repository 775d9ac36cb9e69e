"""Scene Groups pages: the groups (list, one group, exports) and the analysis (its state,
"Run analysis now", its settings)."""
