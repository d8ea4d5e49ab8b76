"""Text analysis shared by ingest and retrieval: Dutch terms, sentences, language. No project imports."""
