"""Moving chats in and out of Parley: export formats and importers."""
