#!/usr/bin/env python3
"""Draws the app icons: the white kanji 窓 on a calm deep-blue rounded square.

    pip install pillow
    python3 assets/icons/make_icons.py

Writes 32x32.png, 128x128.png and icon.png (512x512), RGBA, next to this file.
The glyph is IPAex Gothic (IPA Font License; the same font is in assets/fonts/).
icon.ico (Windows) and icon.icns (macOS) are made from icon.png afterwards:
    ui/node_modules/.bin/tauri icon assets/icons/icon.png -o /tmp/icons
    cp /tmp/icons/icon.ico /tmp/icons/icon.icns assets/icons/
"""
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONT_CANDIDATES = [
    HERE.parent / "fonts" / "ipaexg.ttf",
    Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"),
]
BLUE = (31, 78, 140, 255)  # #1f4e8c, the app's primary colour
BLUE_DARK = (24, 62, 114, 255)
WHITE = (255, 255, 255, 255)
SCALE = 4  # draw large, then downsample for smooth edges
GLYPH = "窓"


def font_path() -> Path:
    for p in FONT_CANDIDATES:
        if p.exists():
            return p
    raise SystemExit("IPAex Gothic (ipaexg.ttf) not found")


def draw_icon(size: int) -> Image.Image:
    big = size * SCALE
    # Small icons use the whole square; larger ones keep a margin like other desktop icons.
    margin = 0 if size <= 32 else round(big * 0.06)
    radius = round((big - 2 * margin) * 0.22)
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    box = (margin, margin, big - margin - 1, big - margin - 1)
    d.rounded_rectangle(box, radius=radius, fill=BLUE)
    # A quiet top-to-bottom darkening gives the square a little depth.
    lower = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    ImageDraw.Draw(lower).rounded_rectangle(box, radius=radius, fill=BLUE_DARK)
    mask = Image.linear_gradient("L").resize((big, big))
    img = Image.composite(lower, img, mask)
    d = ImageDraw.Draw(img)

    inner = big - 2 * margin
    glyph_ratio = 0.74 if size <= 32 else 0.64
    font = ImageFont.truetype(str(font_path()), round(inner * glyph_ratio))
    left, top, right, bottom = d.textbbox((0, 0), GLYPH, font=font)
    x = (big - (right - left)) / 2 - left
    y = (big - (bottom - top)) / 2 - top
    d.text((x, y), GLYPH, font=font, fill=WHITE)
    return img.resize((size, size), Image.LANCZOS)


def main() -> None:
    for size, name in [(32, "32x32.png"), (128, "128x128.png"), (512, "icon.png")]:
        icon = draw_icon(size)
        assert icon.mode == "RGBA" and icon.size == (size, size)
        icon.save(HERE / name, optimize=True)
        print(f"wrote {name} ({size}x{size} RGBA)")


if __name__ == "__main__":
    main()
