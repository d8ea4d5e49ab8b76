"""Samenspel: settings and the composition root that wires the knowledge core together."""
