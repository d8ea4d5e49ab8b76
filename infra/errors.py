"""Errors the edges catch and turn into plain words; light to import, so a command that never
touches the database does not pay for loading its driver."""


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached or used; the message is meant for people."""
