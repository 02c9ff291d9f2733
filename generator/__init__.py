"""certreg: a software-certification registry that lives in a git repository."""

__version__ = "0.1.0"
