"""Quantities as Chinese documents write them, shared by every stage: numerals (两千零八, 1,234.5),
units and magnitude words (万元, 个百分点), how a figure is written back (plain numbers, the place of
余/近/以上), and the lexicon of approximation words, verbs of change, cue words and thresholds.

It imports nothing else of drafter, so the notes loader, the exporters, the prompts and the checker can
all use it without reaching into one another.
"""
