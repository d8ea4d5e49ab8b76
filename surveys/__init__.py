"""Reflection surveys: templates, rounds, responses and reports. Channels only deliver the
questions and hand back the answers."""
