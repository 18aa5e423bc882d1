"""The history store: SQLite, its schema and migrations, messages and branches, file edits, full-text search."""
