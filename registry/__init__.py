"""Kleur bekennen: who takes part in which project and how, and who holds which role, kept in the
SQL database with every change (append-only), and answered exactly rather than from documents."""
