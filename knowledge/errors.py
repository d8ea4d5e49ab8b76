"""Errors of the knowledge core that the channels turn into messages (light: no store imports)."""


class StoreMismatchError(RuntimeError):
    """The store was filled with another embedding model; it must be rebuilt."""


class CalibrationFileError(ValueError):
    """The calibrated models named in the settings (SAMENSPEL_CALIBRATION_FILE) cannot be read."""


class RerankModelError(RuntimeError):
    """The cross-encoder named in the settings (RERANK_MODEL) cannot be loaded."""
