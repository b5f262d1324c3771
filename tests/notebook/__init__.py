"""Notebook widget, one-file HTML export and the example notebook."""
