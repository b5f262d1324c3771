"""Networks: a network spec validated, then built into a computational graph."""
