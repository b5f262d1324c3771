"""Expressions: program text -> statements -> the computational graph."""
