"""The typed model of a registry: pure values, no input or output."""
