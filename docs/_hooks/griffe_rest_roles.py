"""Griffe extension: render the reST markup of kinbase's docstrings as Markdown.

The overlays' docstrings are written for readers of the source and use Sphinx roles
(:class:`~kinbase.errors.TransportError`, :func:`decide`, :mod:`kinbase._http.retry`) and
``literal`` blocks introduced by ``::``. mkdocstrings renders docstrings as Markdown, where
those would show up verbatim. This turns each role into inline code (``~`` keeps the last
component, as Sphinx does) and each ``::`` block marker into a plain colon (the indented
block after it is already a Markdown code block).
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:py:)?(?:class|func|meth|mod|attr|data|exc|obj|const):`(~?)([^`]+)`")
LITERAL_MARKER = re.compile(r"(?m)^(\s*)::\s*$")
TRAILING_MARKER = re.compile(r"(?m)(\S)::\s*$")


def _role(match: re.Match[str]) -> str:
    tilde, target = match.groups()
    if tilde:
        target = target.rsplit(".", 1)[-1]
    return f"`{target}`"


def convert(text: str) -> str:
    text = ROLE.sub(_role, text)
    text = LITERAL_MARKER.sub("", text)
    return TRAILING_MARKER.sub(r"\1:", text)


class RestRoles(griffe.Extension):
    def on_object(self, *, obj: griffe.Object, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = convert(obj.docstring.value)
