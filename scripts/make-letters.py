"""A folder of real JPEG files for trying own images: one subfolder per class, as PyTorch's
ImageFolder reads it. Each class is a letter (A, E, K, R, S) drawn in one of the DejaVu fonts
the machine has (sans, serif, mono; bold, italic), at a random size, place and turn, in a random
colour on a noisy background of another, slightly blurred and saved as JPEG (quality 85).

    ~/.cache/cnn-playground/venv/bin/python scripts/make-letters.py DIR [PER_CLASS] [SEED]

Defaults: 120 images per class, seed 1. Needs Pillow and the DejaVu fonts (fonts-dejavu-core).
"""
import glob
import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

LETTERS = "AEKRS"
SIZE = 64


def fonts():
    paths = sorted(glob.glob("/usr/share/fonts/truetype/dejavu/DejaVu*.ttf"))
    if not paths:
        sys.exit("no DejaVu fonts in /usr/share/fonts/truetype/dejavu: apt-get install fonts-dejavu-core")
    return paths


def colour(rng, low, high):
    return tuple(rng.randint(low, high) for _ in range(3))


def letter_image(letter, rng, font_paths):
    """One 64 x 64 RGB image of `letter`."""
    background = colour(rng, 0, 255)
    ink = tuple((c + rng.randint(90, 165)) % 256 for c in background)
    big = Image.new("RGB", (SIZE * 2, SIZE * 2), background)
    draw = ImageDraw.Draw(big)
    font = ImageFont.truetype(rng.choice(font_paths), rng.randint(56, 92))
    left, top, right, bottom = draw.textbbox((0, 0), letter, font=font)
    x = (SIZE * 2 - (right - left)) / 2 - left + rng.randint(-14, 14)
    y = (SIZE * 2 - (bottom - top)) / 2 - top + rng.randint(-14, 14)
    draw.text((x, y), letter, fill=ink, font=font)
    big = big.rotate(rng.uniform(-30, 30), resample=Image.BICUBIC, fillcolor=background)
    noise = Image.effect_noise((SIZE * 2, SIZE * 2), rng.uniform(10, 40)).convert("RGB")
    big = Image.blend(big, noise, 0.15)
    return big.resize((SIZE, SIZE), Image.LANCZOS).filter(ImageFilter.GaussianBlur(rng.uniform(0, 0.8)))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    root = Path(sys.argv[1])
    per_class = int(sys.argv[2]) if len(sys.argv) > 2 else 120
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    font_paths = fonts()
    for letter in LETTERS:
        folder = root / letter
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(per_class):
            letter_image(letter, rng, font_paths).save(folder / f"{letter}-{i:03d}.jpg", quality=85)
    print(f"{len(LETTERS) * per_class} images of {len(LETTERS)} letters in {root}")


if __name__ == "__main__":
    main()
