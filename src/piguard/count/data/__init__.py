"""Counting rules as data: what identifies a person, the person key, placeholder values."""
