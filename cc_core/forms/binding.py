"""Binding a form's schema to the request without colander's per-node attribute scan.

``colander.SchemaNode.bind`` clones the schema, then on every node lists
all its attributes (``dir``) and reads each one, looking for ``deferred``
values to resolve.  That scan is almost all of the cost: about 0.13 ms a
node, a millisecond for the new-request form, paid on every page and
post that shows or reads a form, while no form of the portal defers
anything.  :func:`bind` gives the same result: it still clones (a schema
may be shared), and hands a schema that defers something anywhere to
colander's own ``bind``; otherwise it only does what that scan would
have done besides, in the same order: each node gets ``bindings`` and
its ``after_bind`` is called, children before their parent.
"""
from __future__ import annotations

import functools

import colander


def bind(schema: colander.SchemaNode, **kw) -> colander.SchemaNode:
    """A bound copy of ``schema``, as ``schema.bind(**kw)`` returns it."""
    if _defers(schema):
        return schema.bind(**kw)
    cloned = schema.clone()
    _set_bindings(cloned, kw)
    return cloned


def _defers(node) -> bool:
    return (_class_defers(type(node)) or any(isinstance(value, colander.deferred) for value in vars(node).values())
            or any(_defers(child) for child in node.children))


@functools.cache
def _class_defers(cls) -> bool:
    """Whether a node class declares a deferred attribute (a class-based schema may)."""
    return any(isinstance(getattr(cls, name, None), colander.deferred) for name in dir(cls))


def _set_bindings(node, kw: dict) -> None:
    node.bindings = kw
    for child in node.children:
        _set_bindings(child, kw)
    after_bind = getattr(node, "after_bind", None)
    if after_bind:
        after_bind(node, kw)
