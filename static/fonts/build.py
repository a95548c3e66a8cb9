"""Rebuild the web fonts the app serves itself (so Persian and Chinese render on any machine, offline).

    python3 -m venv /tmp/fonts && /tmp/fonts/bin/pip install fonttools brotli
    apt-get download fonts-noto-cjk && dpkg -x fonts-noto-cjk_*.deb /tmp/noto     # Noto Sans CJK (OFL)
    npm pack vazirmatn && tar xzf vazirmatn-*.tgz -C /tmp                          # Vazirmatn (OFL)
    /tmp/fonts/bin/python static/fonts/build.py --noto /tmp/noto --vazirmatn /tmp/package

Vazirmatn's non-Latin cut is copied as it is (Persian and Arabic letters only, so Latin text keeps the
app's own font). Noto Sans SC is cut down to the characters Frontline needs: the 3,755 common
characters of GB 2312 level 1, every Han character in the scenario library and the code, and Chinese
punctuation and full-width forms, in regular and bold. Characters outside the cut fall back to the
machine's fonts. `.streamlit/config.toml` declares these files as `[[theme.fontFaces]]`.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import shutil
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
HAN = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def gb2312_level1() -> set[str]:
    chars = set()
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes([high, low]).decode("gb2312"))
    return chars


def used_here() -> set[str]:
    chars: set[str] = set()
    for pattern in ("scenarios/**/*.yaml", "trainer/**/*.py", "trainer/**/*.yaml", "pages/*.py", "*.md"):
        for path in ROOT.glob(pattern):
            chars |= set(HAN.findall(path.read_text(encoding="utf-8")))
    return chars


def cut_noto(collection: Path, out: Path, chars: set[str]) -> None:
    fonts = TTCollection(str(collection)).fonts
    font = next(f for f in fonts if f["name"].getDebugName(1) == "Noto Sans CJK SC")
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(chars)))
    subsetter.subset(font)
    font.flavor = "woff2"
    font.save(str(out))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--noto", type=Path, required=True, help="where fonts-noto-cjk was unpacked")
    p.add_argument("--vazirmatn", type=Path, required=True, help="the unpacked vazirmatn npm package")
    args = p.parse_args()
    chars = gb2312_level1() | used_here() | {chr(c) for c in range(0x3000, 0x3040)} | {
        chr(c) for c in range(0xFF01, 0xFF5F)}
    noto = args.noto / "usr/share/fonts/opentype/noto"
    for weight in ("Regular", "Bold"):
        cut_noto(noto / f"NotoSansCJK-{weight}.ttc", HERE / f"NotoSansSC-{weight}-frontline.woff2", chars)
    shutil.copy(args.vazirmatn / "misc/Non-Latin/fonts/webfonts/Vazirmatn-NL[wght].woff2",
                HERE / "Vazirmatn-NL-wght.woff2")
    shutil.copy(args.vazirmatn / "OFL.txt", HERE / "OFL-Vazirmatn.txt")
    shutil.copy(args.noto / "usr/share/doc/fonts-noto-cjk/copyright", HERE / "OFL-NotoSansCJK.txt")
    print(f"{len(chars)} characters in the Noto Sans SC cut")


if __name__ == "__main__":
    main()
