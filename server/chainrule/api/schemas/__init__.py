"""Pydantic models of the API contract: strict requests, documented responses.

Split by
endpoint family; everything is re-exported here so callers import from chainrule.api.schemas.
"""

from __future__ import annotations

from .network import (  # noqa: F401
    Activation,
    NetworkRequest,
)
from .trace import (  # noqa: F401
    BackwardStep,
    Contribution,
    Edge,
    ErrorDetail,
    ErrorResponse,
    Example,
    ForwardStep,
    GraphRequest,
    Health,
    Node,
    OpInfo,
    Output,
    RequestErrorResponse,
    TraceResponse,
    ValidationIssue,
)
from .training import (  # noqa: F401
    DatasetSpec,
    ElementRef,
    GradcheckRequest,
    GradcheckResponse,
    Grid,
    InputCheck,
    Kink,
    KinkCrossing,
    ParameterStep,
    PositiveNumber,
    Samples,
    Snapshot,
    StepRequest,
    StepResponse,
    TrainRequest,
    TrainResponse,
)
from .values import (  # noqa: F401
    MAX_VALUE_DEPTH,
    InputNumber,
    InputValue,
    JsonValue,
    NonFinite,
    Number,
    StrictModel,
    check_input_number,
    check_input_value,
)
