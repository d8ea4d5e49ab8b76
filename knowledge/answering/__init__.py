"""From retrieved passages to an answer: the quoted window, the one decision whether to answer at
all, the texts, and the optional LLM answerer."""
