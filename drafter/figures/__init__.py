"""Figures: extraction and normalisation of quantities in Chinese text, and their reconciliation."""

from drafter.figures.model import Qualifier, Quantity

__all__ = ["Qualifier", "Quantity"]
