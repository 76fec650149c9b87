"""Draw the app icons of the web app manifest (ruggensteun/web/static/pwa/*.png) from the
favicon's shape in the brand colour (issue #16).

Run from the checkout: .venv/bin/python scripts/make_pwa_icons.py
"""

from PIL import Image, ImageDraw

BRAND = (13, 92, 99)  # --brand in ruggensteun.css
OUT = "ruggensteun/web/static/pwa/"


def icon(size: int, maskable: bool) -> Image.Image:
    big = 4 * size  # drawn large, then scaled down: smooth edges
    image = Image.new("RGB", (big, big), BRAND if maskable else (255, 255, 255))
    draw = ImageDraw.Draw(image)
    if not maskable:
        draw.rounded_rectangle([0, 0, big - 1, big - 1], radius=big // 4, fill=BRAND)
    # A maskable icon keeps its drawing inside the middle 80 % circle (the safe zone).
    scale = big / 32 * (0.6 if maskable else 0.8)
    offset = (big - 32 * scale) / 2

    def at(x: float, y: float) -> tuple[float, float]:
        return (offset + x * scale, offset + y * scale)

    spine = [(16, 5), (14.5, 8.5), (16, 12), (17.5, 15.5), (16, 19), (14.5, 23), (16, 27)]
    draw.line([at(*p) for p in spine], fill="white", width=max(1, int(3 * scale)), joint="curve")
    for y in (9, 16, 23):
        for x0, x1 in ((10, 14), (18, 22)):
            draw.line([at(x0, y), at(x1, y)], fill="white", width=max(1, int(2 * scale)))
    return image.resize((size, size), Image.LANCZOS)


if __name__ == "__main__":
    icon(192, False).save(OUT + "icon-192.png", optimize=True)
    icon(512, False).save(OUT + "icon-512.png", optimize=True)
    icon(512, True).save(OUT + "icon-maskable-512.png", optimize=True)
    icon(180, False).save(OUT + "apple-touch-icon.png", optimize=True)
