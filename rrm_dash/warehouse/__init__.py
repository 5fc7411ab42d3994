"""The warehouse: schema migrations, atomic snapshot publishing, read-only access."""
