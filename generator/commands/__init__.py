"""The subcommands. Each module defines `command`, a click command named like the module
(`import_upstream.py` defines `import-upstream`); the CLI imports a module when its command runs."""
