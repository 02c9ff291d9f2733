"""The subcommands. Each module defines `command`, a click command; the CLI registers them all."""
