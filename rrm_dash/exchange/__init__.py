"""Exchange formats out of the warehouse: layers and files other tools read."""
