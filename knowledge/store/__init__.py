"""Where passages live: the Chroma store and its document catalogue, the saved lexical index that
follows it, and the small collection of passage meanings."""
