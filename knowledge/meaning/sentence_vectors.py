"""The meaning of each sentence of a passage, stored with the passage itself.

Kept with the passage (in the shared store as text, in each process's lexical index as bytes)
instead of in a vector index of their own: retrieval only ever compares the sentences of passages it
already has in hand, so nothing needs every sentence vector of the corpus in memory. At 600
documents a separate Chroma collection held 126,000 vectors: 270 MB of index on disk and in memory,
and two minutes of ingest.

Each vector is stored as 512 signed bytes with its own scale (a float32): a quarter of the size,
and cosine similarities within about 0.01 of the full-precision ones.
"""

from __future__ import annotations

import base64

import numpy as np

from text.sentences import split_sentences

_SCALE = np.dtype("<f4")
_HEADER = np.dtype("<u2")  # the number of dimensions, first


def sentences_of(text: str) -> list[str]:
    """The sentences whose meaning is kept; a passage of fragments is one sentence."""
    return [s for s in split_sentences(text) if len(s) > 2] or [text]


def pack(vectors: np.ndarray) -> bytes:
    """(n, d) float vectors → d, then n × (scale + d int8), row by row."""
    vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    scales = np.abs(vectors).max(axis=1) / 127.0
    scales[scales == 0] = 1.0
    quantised = np.clip(np.rint(vectors / scales[:, None]), -127, 127).astype(np.int8)
    rows = [scales[i:i + 1].astype(_SCALE).tobytes() + quantised[i].tobytes() for i in range(len(vectors))]
    return np.array([vectors.shape[1]], dtype=_HEADER).tobytes() + b"".join(rows)


def unpack(data: bytes) -> np.ndarray:
    """The vectors `pack` stored, as float32 rows."""
    dimensions = int(np.frombuffer(data, dtype=_HEADER, count=1)[0]) if len(data) >= _HEADER.itemsize else 0
    row = _SCALE.itemsize + dimensions
    count = (len(data) - _HEADER.itemsize) // row if dimensions else 0
    if not count:
        return np.zeros((0, dimensions), dtype=np.float32)
    raw = np.frombuffer(data, dtype=np.uint8, count=count * row, offset=_HEADER.itemsize).reshape(count, row)
    scales = raw[:, :_SCALE.itemsize].copy().view(_SCALE).reshape(count)
    values = raw[:, _SCALE.itemsize:].view(np.int8).astype(np.float32)
    return values * scales[:, None]


def to_text(data: bytes) -> str:
    """For the shared store, whose metadata holds text."""
    return base64.b64encode(data).decode("ascii")


def from_text(text: str) -> bytes:
    return base64.b64decode(text)
