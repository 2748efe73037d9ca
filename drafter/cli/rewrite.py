"""(being written)"""

from drafter.errors import DrafterError


def rewrite() -> None:
    """(being written)"""
    raise DrafterError("'drafter rewrite' is not written yet")
