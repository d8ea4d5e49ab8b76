"""Why one file could not be ingested; the message is shown to the person who ingested it."""


class IngestError(Exception):
    """A file that cannot be ingested; the message says why, in plain words."""
