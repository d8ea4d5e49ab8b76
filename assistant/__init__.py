"""The channel-free assistant: asking, feedback, ingest history, and the tables behind them."""
