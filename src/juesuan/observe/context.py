"""The profile parameters and declared identities the observation operators use (one evaluation at a time).

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
_IDENTITIES: ContextVar[tuple[Any, ...]] = ContextVar("juesuan_observe_identities", default=())


def param(name: str, default: Any = None) -> Any:
    """The current profile's parameter ``name`` (``default`` outside an evaluation or when the profile lacks it)."""
    return (_PARAMS.get() or {}).get(name, default)


def decimal_param(name: str, default: str) -> Decimal:
    return Decimal(str(param(name, default)))


def identities() -> tuple[Any, ...]:
    """The identities the rule files declare (``juesuan.observe.identities.Identity``) for this evaluation."""
    return _IDENTITIES.get()


@contextmanager
def using_params(params: dict[str, Any] | None, declared: list[Any] | tuple[Any, ...] = ()) -> Iterator[None]:
    token = _PARAMS.set(dict(params or {}))
    token2 = _IDENTITIES.set(tuple(declared))
    try:
        yield
    finally:
        _IDENTITIES.reset(token2)
        _PARAMS.reset(token)
