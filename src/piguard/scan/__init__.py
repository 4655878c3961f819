"""Scan layer: readers for seized or stored data (encodings, CSV, Excel, JSON, text, SQL dumps, archives).
Built by issue #4; knows nothing of law."""
