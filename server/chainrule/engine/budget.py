"""Limits and the per-request Budget: deadline, work and response size, charged before the work.

A Budget is made once per request (its deadline starts then) and passed to every pass of it:
the forward and backward passes, a gradient check's many forward passes, a step's two, every
training step, and the building of the document. What it counts, always before computing:
- work units (about one per multiply-add) of every tensor op, from its input shapes;
- the numbers the response will carry: every node's value (one per scalar, its size for a
  tensor) and, when tensor edges are sent in full ("detail": "full"), each tensor edge's
  contribution and the running total it makes; the document repeats each at most a few times
  (value and forward step, gradient and backward step), so this bounds the response size;
- each value's size (CHAINRULE_MAX_TENSOR_ELEMENTS), from the shapes, before it is allocated;
- the wall-clock deadline, checked every 1,024 scalar nodes and after every tensor op.
Each failure is a LimitError naming its limit; the passes locate it at the op's place.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from .errors import LimitError


@dataclass(frozen=True, slots=True)
class Limits:
    """Size limits checked before the expensive work; None means unlimited."""

    max_program_chars: int | None = None
    max_nodes: int | None = None
    max_tensor_elements: int | None = None  # elements in any one value
    max_work: int | None = None  # total work units (elements / multiply-adds) of a request
    # Numbers the response carries (node values, and tensor edges' contributions and running
    # totals when they are sent in full), each counted once: bounds the response size.
    max_trace_elements: int | None = None
    max_seconds: float | None = None  # wall-clock budget of the whole request


UNLIMITED = Limits()


class Budget:
    """What one request may still use; made once per request, passed to every pass.

    full_edges says whether tensor edges will be sent in full (and so counted as numbers).
    """

    __slots__ = ("limits", "deadline", "work", "numbers", "full_edges")

    def __init__(self, limits: Limits = UNLIMITED, *, full_edges: bool = False) -> None:
        self.limits = limits
        self.deadline: float | None = (
            None if limits.max_seconds is None else time.monotonic() + limits.max_seconds
        )
        self.work = 0
        self.numbers = 0
        self.full_edges = full_edges

    def sizes_only(self) -> Budget:
        """A budget with this one's deadline and value-size limit only: for passes whose work
        was charged up front and whose values are not part of the response."""
        limits = self.limits
        kept = Limits(
            max_tensor_elements=limits.max_tensor_elements, max_seconds=limits.max_seconds
        )
        budget = Budget(kept)
        budget.deadline = self.deadline
        return budget

    def expired(self) -> bool:
        """Whether the deadline has passed (cheap: callers check it every so often)."""
        return self.deadline is not None and time.monotonic() > self.deadline

    def check_time(self) -> None:
        """LimitError once the request has run past CHAINRULE_MAX_SECONDS."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise LimitError(time_message(self.limits))

    def spend(self, units: int, what: str = "the computation") -> None:
        """Charge work units; LimitError past CHAINRULE_MAX_WORK."""
        self.work += units
        limit = self.limits.max_work
        if limit is not None and self.work > limit:
            raise LimitError(f"{what} needs more than {limit:,} work units (CHAINRULE_MAX_WORK)")

    def count(self, numbers: int) -> None:
        """Charge numbers the response will carry; LimitError past CHAINRULE_MAX_TRACE_ELEMENTS."""
        self.numbers += numbers
        limit = self.limits.max_trace_elements
        if limit is not None and self.numbers > limit:
            raise LimitError(trace_message(limit))

    def check_size(self, size: int, what: str) -> None:
        """LimitError when one value of `size` elements would be over CHAINRULE_MAX_TENSOR_ELEMENTS;
        `what` names it ("the value of x", "matmul on shapes (2, 3) and (3, 4)")."""
        limit = self.limits.max_tensor_elements
        if limit is not None and size > limit:
            raise LimitError(
                f"{what} would make a value of {size:,} elements; the limit is {limit:,} "
                "(CHAINRULE_MAX_TENSOR_ELEMENTS)"
            )


def trace_message(max_trace: int) -> str:
    return (
        f"the trace would hold more than {max_trace:,} numbers (every node's value and "
        "gradient is part of the response; CHAINRULE_MAX_TRACE_ELEMENTS)"
    )


def time_message(limits: Limits) -> str:
    return (
        f"the computation took longer than {limits.max_seconds:g} s and was stopped "
        "(CHAINRULE_MAX_SECONDS)"
    )
