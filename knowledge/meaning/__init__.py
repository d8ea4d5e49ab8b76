"""What text means, across wording and language: the sentence encoder, the optional passage
embedder, and how sentence vectors are packed beside their passages."""
