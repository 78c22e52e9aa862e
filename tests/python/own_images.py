"""Writes a small folder of one's own images, as a user brings them (tests/export_python/own_images.rs).

    python own_images.py DIR

DIR/images/<class>/<n>.png: three named classes ("cat", "dog", "猫 tabby"), four images each,
every one of another size, none square but one, in Pillow modes RGB, L, RGBA (partly
transparent) and LA, so that crop, pad, alpha over white and grey all matter. Also
DIR/decoded.json: each file's decode to RGBA (Pillow's convert("RGBA"), what a browser's canvas
gives for a PNG), [{"file": "<class>/<n>.png", "class", "width", "height", "rgba": base64}],
for the core to prepare as the page would.
"""
import base64
import json
import random
import sys
from pathlib import Path

from PIL import Image

CLASSES = ["cat", "dog", "猫 tabby"]
SIZES = [(37, 23), (20, 45), (30, 30), (15, 9)]  # (width, height)
MODES = ["RGB", "L", "RGBA", "LA"]


def image(rng, mode, size, tint):
    """Noise around a colour of the class, with a bright square in a random place."""
    width, height = size
    channels = len(mode)
    values = []
    for y in range(height):
        for x in range(width):
            pixel = [min(255, max(0, tint[k % 3] + rng.randrange(-60, 61))) for k in range(channels)]
            if mode in ("RGBA", "LA"):
                pixel[-1] = rng.choice([0, 40, 128, 255])
            values.extend(pixel)
    im = Image.frombytes(mode, size, bytes(values))
    side = max(2, min(size) // 3)
    x, y = rng.randrange(width - side + 1), rng.randrange(height - side + 1)
    im.paste(Image.new(mode, (side, side), (250,) * channels if channels > 1 else 250), (x, y))
    return im


def main():
    root = Path(sys.argv[1])
    rng = random.Random(7)
    decoded = []
    for c, name in enumerate(CLASSES):
        tint = [(200, 60, 40), (40, 160, 200), (90, 200, 70)][c]
        (root / "images" / name).mkdir(parents=True, exist_ok=True)
        for n, (size, mode) in enumerate(zip(SIZES, MODES[c:] + MODES[:c])):
            file = f"{name}/{n}.png"
            image(rng, mode, size, tint).save(root / "images" / file)
            with Image.open(root / "images" / file) as saved:
                rgba = saved.convert("RGBA")
            decoded.append({"file": file, "class": name, "width": rgba.width, "height": rgba.height,
                            "rgba": base64.b64encode(rgba.tobytes()).decode()})
    (root / "decoded.json").write_text(json.dumps(decoded, ensure_ascii=False))
    print(f"{len(decoded)} images in {len(CLASSES)} classes")


if __name__ == "__main__":
    main()
