"""A fault-injecting HTTP/1.1 proxy for the reliability tests (issue 5).

    with FaultProxy(kinto.url) as proxy:          # proxy.url ends with /v1 like kinto.url
        proxy.add(Rule(Fault.RESET_MID_RESPONSE, method="POST", path=r"/batch$",
                       probability=0.1, seed=7))
        ...                                       # a client on proxy.url
        assert proxy.stats.fault_ratio >= 0.1

See :mod:`.rules` for how rules fire and :class:`Fault` for what each kind does.
"""

from .proxy import FaultProxy, kinto_error_body
from .rules import NOT_FORWARDED, Fault, Rule, RuleHandle, Stats

__all__ = [
    "NOT_FORWARDED",
    "Fault",
    "FaultProxy",
    "Rule",
    "RuleHandle",
    "Stats",
    "kinto_error_body",
]
