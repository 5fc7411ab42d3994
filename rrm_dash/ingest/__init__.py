"""Everything that writes the warehouse: parsers, reference loading, and the single write path."""
