"""Typed query functions: (source, principal, parameters) → polars frames, each over one .sql file."""
