#!/usr/bin/env python3
"""PyTorch natively on the benchmark's network, batch and digits, for `make bench`.

    python scripts/bench_pytorch.py [--threads N] [--repeats 5] [--seconds 1] [--spec FILE]

Builds the network of a playground spec (by default tests/fixtures/reference_network.json)
as torch.nn layers, trains it with SGD (lr 0.01) on batches of 32 of the first 2,048 digits of
www/data/mnist.bin, as www/bench/ does for the contenders in the browser, then runs inference
(softmax of the logits, under torch.inference_mode). Same protocol as the browser: one untimed
warm-up run of --seconds, then --repeats timed runs of at least --seconds; images per second
per run, their median, and the rate of the fastest single batch. --threads 1 calls torch.set_num_threads(1); without --threads,
PyTorch keeps its default (one thread per core).

Prints one JSON object: {"threads", "torch", "train": {"median", "runs"}, "infer": {...}}.
"""

import argparse
import json
import statistics
import struct
import sys
import time
from pathlib import Path

import torch
from torch import nn

ROOT = Path(__file__).resolve().parent.parent
BATCH = 32
IMAGES = 2048


def pair(value):
    return tuple(value) if isinstance(value, list) else (value, value)


def build(spec):
    """torch.nn.Sequential for a playground network spec (shared/spec/README.md)."""
    channels, height, width = spec["input"]
    layers = []
    for layer in spec["layers"]:
        kind = layer["type"]
        if kind == "conv2d":
            kh, kw = pair(layer["kernel"])
            pad = layer.get("padding", 0)
            top, bottom, left, right = pad if isinstance(pad, list) else (pad,) * 4
            symmetric = (top, left) == (bottom, right)
            if not symmetric:
                layers.append(nn.ZeroPad2d((left, right, top, bottom)))
            sh, sw = pair(layer.get("stride", 1))
            conv_pad = (top, left) if symmetric else (0, 0)
            layers.append(nn.Conv2d(channels, layer["filters"], (kh, kw), (sh, sw), conv_pad, bias=layer.get("bias", True)))
            channels = layer["filters"]
            height = (height + top + bottom - kh) // sh + 1
            width = (width + left + right - kw) // sw + 1
        elif kind in ("maxpool", "avgpool"):
            size = pair(layer["size"])
            stride = pair(layer.get("stride", layer["size"]))
            layers.append((nn.MaxPool2d if kind == "maxpool" else nn.AvgPool2d)(size, stride))
            height = (height - size[0]) // stride[0] + 1
            width = (width - size[1]) // stride[1] + 1
        elif kind == "relu":
            layers.append(nn.ReLU())
        elif kind == "sigmoid":
            layers.append(nn.Sigmoid())
        elif kind == "tanh":
            layers.append(nn.Tanh())
        elif kind == "leaky_relu":
            layers.append(nn.LeakyReLU(layer.get("slope", 0.01)))
        elif kind == "flatten":
            layers.append(nn.Flatten())
            channels, height, width = channels * height * width, 1, 1
        elif kind == "dense":
            layers.append(nn.Linear(channels * height * width, layer["units"], bias=layer.get("bias", True)))
            channels, height, width = layer["units"], 1, 1
        else:
            raise SystemExit(f"bench_pytorch: layer type {kind!r} is not in the benchmark's builder")
    return nn.Sequential(*layers)


def digits():
    """The first IMAGES digits of www/data/mnist.bin as [n, 1, 28, 28] in [0, 1], and labels."""
    path = ROOT / "www" / "data" / "mnist.bin"
    try:
        data = path.read_bytes()
    except OSError as e:
        raise SystemExit(f"bench_pytorch: cannot read {path} ({e.strerror}): run 'make build' to write it")
    if data[:4] != b"MNST":
        raise SystemExit(f"bench_pytorch: {path} does not start with 'MNST': rebuild it with 'make build'")
    count, rows, cols = struct.unpack_from("<III", data, 4)
    n = min(IMAGES, count)
    pixels = torch.frombuffer(bytearray(data[16 : 16 + n * rows * cols]), dtype=torch.uint8)
    labels = torch.frombuffer(bytearray(data[16 + count * rows * cols :][:n]), dtype=torch.uint8)
    return pixels.float().div(255).reshape(n, 1, rows, cols), labels.long()


def images_per_second(work, repeats, seconds):
    """One warm-up run, then `repeats` runs of at least `seconds`: images/s of each, and of the
    fastest single batch of the timed runs (what a machine whose other load comes and goes
    repeats best)."""
    runs, i, fastest = [], 0, float("inf")
    for repeat in range(repeats + 1):
        start = time.perf_counter()
        images = 0
        while True:
            before = time.perf_counter()
            work(i)
            after = time.perf_counter()
            if repeat > 0:
                fastest = min(fastest, after - before)
            i += 1
            images += BATCH
            if after - start >= seconds:
                break
        if repeat > 0:
            runs.append(images / (time.perf_counter() - start))
    return {"median": statistics.median_high(runs), "runs": runs, "fastest": BATCH / fastest}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, help="torch.set_num_threads (default: PyTorch's own)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--spec", default=str(ROOT / "tests" / "fixtures" / "reference_network.json"))
    args = parser.parse_args()
    if args.threads is not None:
        if args.threads < 1:
            raise SystemExit("bench_pytorch: --threads must be 1 or more")
        torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    model = build(json.loads(Path(args.spec).read_text()))
    images, labels = digits()
    batches = [(images[at : at + BATCH], labels[at : at + BATCH]) for at in range(0, len(labels) - BATCH + 1, BATCH)]
    sgd = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()

    def train(i):
        x, y = batches[i % len(batches)]
        sgd.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        sgd.step()

    def infer(i):
        with torch.inference_mode():
            torch.softmax(model(batches[i % len(batches)][0]), dim=1)

    model.train()
    trained = images_per_second(train, args.repeats, args.seconds)
    model.eval()
    inferred = images_per_second(infer, args.repeats, args.seconds)
    json.dump(
        {"threads": torch.get_num_threads(), "torch": torch.__version__, "train": trained, "infer": inferred},
        sys.stdout,
    )
    print()


if __name__ == "__main__":
    main()
