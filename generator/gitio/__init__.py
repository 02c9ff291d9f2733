"""Git, at the edge: each function runs git and returns plain values (see history, change)."""
