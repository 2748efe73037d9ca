"""`drafter fonts`: which 公文 fonts this machine has, what stands in for the others, and (on Linux) the
fontconfig aliases that make LibreOffice and WPS use the nearest free font."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

ALIASES = Path("~/.config/fontconfig/conf.d/60-drafter-gongwen.conf")


def fonts(
    install: Annotated[bool, typer.Option("--install", help="Write the fontconfig aliases to "
                                          f"{ALIASES} (Linux).")] = False,
) -> None:
    """List the fonts of the GB/T 9704 layout and what this machine shows for each."""
    import shutil
    import subprocess

    from drafter.export.gbt9704 import FONTS, fontconfig_aliases
    from drafter.files import atomic_write_text

    if install:
        target = ALIASES.expanduser()
        atomic_write_text(target, fontconfig_aliases())
        print(f"wrote {target}; LibreOffice picks the aliases up when it starts next")
    has_fc = shutil.which("fc-match") is not None
    for spec in FONTS:
        shown = ""
        if has_fc:
            found = subprocess.run(["fc-match", "-f", "%{family[0]}", f"{spec.name}:lang=zh-cn"],
                                   capture_output=True, text=True).stdout.strip()
            shown = f" → this machine: {found or '?'}"
        print(f"{spec.name}: Word falls back to {spec.alternate}{shown}")
    if not has_fc:
        print("(no fontconfig here: Word and WPS use the font table's fallbacks listed above)")
