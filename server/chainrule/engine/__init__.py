"""Pure computation: parse programs, build graphs, run forward and backward. No web imports."""
