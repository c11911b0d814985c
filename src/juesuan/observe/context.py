"""The profile parameters an observation operator may need while preparing fields (one evaluation at a time).

Only preparation reads them (e.g. the execution weight a self-evaluation row is scored with when the table
does not print one); the relations themselves read ``param.NAME`` in the rule files, compiled by juesuan.rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

_PARAMS: ContextVar[dict[str, Any] | None] = ContextVar("juesuan_observe_params", default=None)


def param(name: str, default: Any = None) -> Any:
    """The current profile's parameter ``name`` (``default`` outside an evaluation or when the profile lacks it)."""
    return (_PARAMS.get() or {}).get(name, default)


def decimal_param(name: str, default: str) -> Decimal:
    return Decimal(str(param(name, default)))


@contextmanager
def using_params(params: dict[str, Any] | None) -> Iterator[None]:
    token = _PARAMS.set(dict(params or {}))
    try:
        yield
    finally:
        _PARAMS.reset(token)
