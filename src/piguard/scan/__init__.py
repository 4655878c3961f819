"""Scan layer: reading seized or stored data (encodings, formats, records) and hashing every input.
It knows nothing of law; issue #4 builds the readers and the counting on it."""
