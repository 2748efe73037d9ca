"""drafter — 公文起草助手: notes in, a checked 公文 draft out."""

__version__ = "0.1.0"
