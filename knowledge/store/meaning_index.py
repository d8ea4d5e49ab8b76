"""One vector per passage (the mean of its sentences' meaning), in a Chroma collection of its own,
shared by every process: how a question that shares no word with the documents still finds the
passages that say what it asks ("Eruit stappen?" ~ "Uittreding is mogelijk ...").

One vector per passage, not per sentence: five times fewer vectors to index and hold in memory
(at 600 documents, 25,000 instead of 126,000). The closest sentence of each candidate is then
compared from the vectors stored with the passages (knowledge.meaning.sentence_vectors).
"""

from __future__ import annotations

import chromadb
import numpy as np

_BATCH = 2000


class MeaningIndex:
    def __init__(self, client: chromadb.ClientAPI, collection_name: str) -> None:
        self._client = client
        self._name = f"{collection_name}-meaning"
        self._collection = client.get_or_create_collection(self._name, embedding_function=None, metadata={"hnsw:space": "cosine"})

    def add(self, passages: list[tuple[str, str, str, np.ndarray]]) -> None:
        """(chunk id, document, version, sentence vectors) per passage; an upsert, so a rerun finishes a killed write."""
        ids, embeddings, metadatas = [], [], []
        for chunk_id, source, doc_hash, vectors in passages:
            mean = np.asarray(vectors, dtype=np.float32).mean(axis=0)
            norm = float(np.linalg.norm(mean))
            ids.append(chunk_id)
            embeddings.append((mean / norm if norm else mean).tolist())
            metadatas.append({"source": source, "doc_hash": doc_hash})
        for start in range(0, len(ids), _BATCH):
            self._collection.upsert(ids=ids[start:start + _BATCH], embeddings=embeddings[start:start + _BATCH],
                                    metadatas=metadatas[start:start + _BATCH])

    def nearest(self, query: np.ndarray, k: int, hidden: frozenset[str] = frozenset()) -> list[str]:
        """The k passages closest in meaning to the query, best first (of any version: the caller
        keeps the current ones), leaving out the `hidden` documents in the search itself."""
        n = min(k, self._collection.count())
        if n <= 0:
            return []
        where = {"source": {"$nin": sorted(hidden)}} if hidden else None
        return self._collection.query(query_embeddings=[np.asarray(query).tolist()], n_results=n, include=[],
                                      where=where)["ids"][0]

    def delete(self, where: dict) -> None:
        self._collection.delete(where=where)

    def reset(self) -> None:
        self._client.delete_collection(self._name)
        self._collection = self._client.get_or_create_collection(self._name, embedding_function=None,
                                                                 metadata={"hnsw:space": "cosine"})
