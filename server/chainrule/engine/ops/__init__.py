"""Ops: the registry of every operation (forward, derivative rule, LaTeX) and its float kernels."""
