"""Reading files from disk into the model. Every reader returns problems as data."""
