"""Local stand-ins for the services Samenspel talks to but cannot reach offline: a mock Slack Web
API, a Slack client that signs its requests, and a mock Bot Connector. Used by the tests and by the
benchmarks; never by the product itself."""
