"""The CLI's commands, one module per area: ``session``, ``objects``, ``transfer``."""
