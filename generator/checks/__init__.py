"""The validator: a registry of small rules, each with a stable id (see docs/checks.md)."""

# Import order is the order rules run and are reported in.
from generator.checks import files  # noqa: F401, I001 - registers rules
from generator.checks import product  # noqa: F401
from generator.checks import policy  # noqa: F401
from generator.checks import results  # noqa: F401
from generator.checks import pr  # noqa: F401
from generator.checks.base import PR_RULES, RULES, Rule

__all__ = ["PR_RULES", "RULES", "Rule"]
