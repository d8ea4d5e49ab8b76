"""Sentence vectors beside the passages, in a Chroma collection of their own: what lets retrieval ask
"does one sentence of this passage mean what the question asks?", and find passages whose words
differ from the question's altogether. Shared by every process on the store, like the passages."""

from __future__ import annotations

from collections import defaultdict

import chromadb
import numpy as np

from knowledge.errors import StoreMismatchError

_BATCH = 2000
CACHE_PASSAGES = 4096  # passages whose sentence vectors stay in memory (a chunk id names fixed content)


class SentenceIndex:
    def __init__(self, client: chromadb.ClientAPI, collection_name: str, model: str) -> None:
        self._client = client
        self._name = f"{collection_name}-sentences"
        self._model = model
        self._collection = client.get_or_create_collection(
            self._name, embedding_function=None, metadata={"hnsw:space": "cosine", "semantic_model": model}
        )
        self._cache: dict[str, np.ndarray] = {}
        stored = (self._collection.metadata or {}).get("semantic_model")
        if stored and stored != model and self._collection.count():
            raise StoreMismatchError(
                f"de zinnen in de kennisbank zijn gecodeerd met '{stored}', maar ingesteld is '{model}'; "
                "draai 'samenspel ingest --rebuild'"
            )

    @property
    def model(self) -> str:
        return self._model

    def add(self, chunk_id: str, source: str, doc_hash: str, vectors: np.ndarray) -> None:
        """The vectors of one passage's sentences, in order (an upsert, so a rerun finishes a killed write)."""
        self.add_many([(chunk_id, source, doc_hash, vectors)])

    def add_many(self, passages: list[tuple[str, str, str, np.ndarray]]) -> None:
        ids, embeddings, metadatas = [], [], []
        for chunk_id, source, doc_hash, vectors in passages:
            for i, vector in enumerate(vectors):
                ids.append(f"{chunk_id}-{i}")
                embeddings.append(vector.tolist())
                metadatas.append({"chunk_id": chunk_id, "source": source, "doc_hash": doc_hash})
        for start in range(0, len(ids), _BATCH):
            self._collection.upsert(ids=ids[start:start + _BATCH], embeddings=embeddings[start:start + _BATCH],
                                    metadatas=metadatas[start:start + _BATCH])

    def best_match(self, chunk_ids: list[str], query: np.ndarray) -> dict[str, float]:
        """Per passage, the cosine similarity of its sentence closest to the query."""
        vectors = self._vectors(chunk_ids)
        return {chunk_id: float((matrix @ query).max()) for chunk_id, matrix in vectors.items()}

    def _vectors(self, chunk_ids: list[str]) -> dict[str, np.ndarray]:
        missing = [c for c in dict.fromkeys(chunk_ids) if c not in self._cache]
        if missing:
            found = self._collection.get(where={"chunk_id": {"$in": missing}}, include=["embeddings", "metadatas"])
            grouped: dict[str, list] = defaultdict(list)
            for meta, vector in zip(found["metadatas"], found["embeddings"]):
                grouped[meta["chunk_id"]].append(vector)
            if len(self._cache) + len(grouped) > CACHE_PASSAGES:
                self._cache.clear()
            self._cache.update({c: np.asarray(v, dtype=np.float32) for c, v in grouped.items()})
        return {c: self._cache[c] for c in chunk_ids if c in self._cache}

    def nearest_passages(self, query: np.ndarray, k: int) -> list[str]:
        """The passages of the k sentences nearest to the query, best first, each once."""
        n = min(k * 3, self._collection.count())
        if n == 0:
            return []
        result = self._collection.query(query_embeddings=[query.tolist()], n_results=n, include=["metadatas"])
        passages = list(dict.fromkeys(meta["chunk_id"] for meta in result["metadatas"][0]))
        return passages[:k]

    def delete(self, where: dict) -> None:
        self._collection.delete(where=where)

    def reset(self) -> None:
        self._client.delete_collection(self._name)
        self._collection = self._client.get_or_create_collection(
            self._name, embedding_function=None, metadata={"hnsw:space": "cosine", "semantic_model": self._model}
        )
