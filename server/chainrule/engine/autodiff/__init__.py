"""Automatic differentiation: the forward and backward passes over a graph, and the Trace."""
