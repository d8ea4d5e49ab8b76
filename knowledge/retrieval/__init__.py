"""Hybrid retrieval: BM25 on the lexical index, re-ranked by meaning, proximity and answer form."""
