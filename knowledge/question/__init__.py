"""A question read once: language, spelled-out abbreviations, index terms, names, the kind of answer
it asks for. Retrieval and answering both read the `Question` made here."""
