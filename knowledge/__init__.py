"""The store, retrieval and the answerers; knows no chat channel."""
