"""Detect layer: what in a value is personal information (identifiers, names, addresses, legal categories).
Built by issue #3; imports only from ``scan``."""
