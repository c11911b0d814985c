"""JSON form of the document model and of findings.

Decimals are written as JSON numbers with their printed digits ("0.00" stays
0.00); read them back with ``json.loads(s, parse_float=Decimal)``.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from decimal import Decimal
from typing import Any

from juesuan.model.document import Document


class _DecimalNumber(float):
    """A float subclass whose repr is the Decimal's exact text (so json writes it verbatim)."""

    def __new__(cls, d: Decimal) -> _DecimalNumber:
        obj = super().__new__(cls, float(d))
        obj._text = format(d, "f")  # type: ignore[attr-defined]
        return obj

    def __repr__(self) -> str:
        return self._text  # type: ignore[attr-defined]

    __str__ = __repr__


def _plain(obj: Any, *, numbers: bool = False) -> Any:
    """Dataclasses -> dicts, tuples -> lists; Decimals kept (or, with ``numbers``, made JSON-writable)."""
    if isinstance(obj, Decimal):
        if not obj.is_finite():
            return None
        return _DecimalNumber(obj) if numbers else obj
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _plain(getattr(obj, f.name), numbers=numbers) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): _plain(v, numbers=numbers) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v, numbers=numbers) for v in obj]
    return obj


class _Encoder(json.JSONEncoder):
    def iterencode(self, o: Any, _one_shot: bool = False):  # type: ignore[override]
        # float.__repr__ is used by the C encoder; force the pure-Python path so our repr is honoured
        return json.encoder._make_iterencode(  # type: ignore[attr-defined]
            {}, self.default, json.encoder.py_encode_basestring if not self.ensure_ascii else json.encoder.py_encode_basestring_ascii,  # type: ignore[attr-defined]
            self.indent, lambda f: repr(f), self.key_separator, self.item_separator, self.sort_keys, self.skipkeys, _one_shot,
        )(o, 0)


def dumps(obj: Any, *, indent: int | None = None) -> str:
    """JSON text for model objects / finding dicts with Decimals written exactly."""
    return json.dumps(_plain(obj, numbers=True), cls=_Encoder, ensure_ascii=False, indent=indent, default=str)


def loads(text: str) -> Any:
    return json.loads(text, parse_float=Decimal)


def document_to_dict(doc: Document, *, include_lines: bool = False) -> dict[str, Any]:
    """The model as a JSON-able dict (the ``juesuan parse`` output). ``lines`` are left out by default."""
    d = _plain(doc)
    if not include_lines:
        d.pop("lines", None)
    d["checkable"] = doc.checkable
    d["tables"] = sorted(d["tables"], key=lambda t: t["id"])
    return d


@functools.lru_cache(maxsize=64)
def _init_fields(tp: type) -> tuple[tuple[str, Any], ...]:
    hints = typing.get_type_hints(tp)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(tp) if f.init)


def _from_plain(tp: Any, v: Any) -> Any:
    """``v`` (parsed JSON, floats as Decimal) back into the annotated type ``tp``."""
    if v is None:
        return None
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        for a in options:  # a dataclass or a Decimal wins over plain scalars
            if (dataclasses.is_dataclass(a) and isinstance(v, dict)) or (a is Decimal and not isinstance(v, (str, bool))):
                return _from_plain(a, v)
        return _from_plain(options[0], v) if len(options) == 1 else v
    if tp is Decimal:
        return v if isinstance(v, Decimal) else Decimal(str(v))
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return tp(**{name: _from_plain(hint, v[name]) for name, hint in _init_fields(tp) if name in v})
    if origin is list:
        return [_from_plain(args[0], x) for x in v]
    if origin is dict:
        return {k: _from_plain(args[1], x) for k, x in v.items()}
    if origin is tuple:
        return tuple(v)
    if tp is float and isinstance(v, Decimal):
        return float(v)
    return v


def document_from_dict(d: dict[str, Any]) -> Document:
    """The model back from ``document_to_dict(doc, include_lines=True)`` (as stored): rules can be
    re-evaluated on it without parsing the file again (``juesuan recheck``)."""
    return _from_plain(Document, d)
