"""(being written)"""

from drafter.errors import DrafterError


def check() -> None:
    """(being written)"""
    raise DrafterError("'drafter check' is not written yet")
