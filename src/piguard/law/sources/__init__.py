"""Verbatim source texts that the law data quotes; tests check every quote against them."""
