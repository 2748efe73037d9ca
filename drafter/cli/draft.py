"""(being written)"""

from drafter.errors import DrafterError


def draft() -> None:
    """(being written)"""
    raise DrafterError("'drafter draft' is not written yet")
