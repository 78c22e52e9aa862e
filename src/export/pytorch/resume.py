"""Continues training the exported network in PyTorch, from where cnn-playground stopped.

    pip install torch safetensors pillow
    python resume.py --data IMAGES [--test IMAGES_TEST] [--epochs 1] [--batch 32] [--out checkpoint]

IMAGES is a folder with one folder per class, named by the class as in cnn-playground
(model.CLASSES: "cat", "dog", ...; "0" to "9" for the digits), each holding that class's images
(PNG, JPEG, BMP, GIF, WebP, ...): the layout the data view's "Export a zip" writes. A folder of
another name is refused with the names expected. Each image is prepared exactly as
cnn-playground prepared it (model.PREPROCESSING; Pillow's steps: alpha over white, grey or RGB,
crop or pad, resize with the filter), scaled to [0, 1] and standardized as cnn-playground did
(model.INPUT_MEAN, model.INPUT_STD). MNIST digits are white on black.
    python resume.py --data IMAGES --dump prepared.safetensors   # writes the prepared tensors, trains nothing

It loads model.safetensors, optimizer.safetensors and optimizer.json (from --from, this folder
by default), trains --epochs epochs, prints each epoch's mean loss (and the accuracy on --test),
and writes the same three files into --out: run it again with --from OUT to go on, or import
OUT/model.safetensors into cnn-playground (Import weights) to look at it there.

When one machine is not enough, torchrun starts one process per core, GPU or machine, and
resume.py then trains with DistributedDataParallel: each process takes its share of every
epoch (DistributedSampler), the gradients are averaged, and rank 0 writes the files.

    torchrun --nproc_per_node 4 resume.py --data IMAGES            # 4 processes on this machine
    torchrun --nnodes 2 --node_rank 0 --master_addr HOST --master_port 29500 \\
             --nproc_per_node 4 resume.py --data IMAGES            # the same on each of 2 machines,
                                                                   # node_rank 0 on HOST, 1 on the other

One step then sees --batch images in each process, processes x --batch in all: to take the
same steps as one process would, divide --batch by the number of processes.
"""
import argparse
import os
import struct
import unicodedata

import torch
import torch.distributed as dist
from PIL import Image
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, Dataset, DistributedSampler

import model

EXTENSIONS = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp", ".pgm", ".ppm"}
FILTERS = {"box": Image.Resampling.BOX, "bilinear": Image.Resampling.BILINEAR,
           "bicubic": Image.Resampling.BICUBIC, "lanczos": Image.Resampling.LANCZOS}


def class_names():
    """The class folders' names in label order: model.CLASSES, or 0 to OUTPUTS - 1."""
    if model.CLASSES is not None:
        return list(model.CLASSES)
    return [str(i) for i in range(model.OUTPUTS)]


def same_name(name):
    """A folder's name as the page read it: Unicode NFC (macOS writes NFD), trimmed."""
    return unicodedata.normalize("NFC", name).strip()


def class_folders(folder):
    """[(subfolder, label)] of folder, every subfolder a class of model.CLASSES (hidden ones and
    __MACOSX are skipped); a folder of any other name is refused, naming the expected ones."""
    names = class_names()
    expected = ", ".join(repr(n) for n in names)
    if not os.path.isdir(folder):
        raise SystemExit(f"{folder} is not a folder: give a folder with one folder per class, named {expected}")
    labels = {same_name(n): i for i, n in enumerate(names)}
    found = sorted(d for d in os.listdir(folder) if os.path.isdir(os.path.join(folder, d)) and not d.startswith("."))
    found = [d for d in found if d != "__MACOSX" or same_name(d) in labels]
    unknown = [d for d in found if same_name(d) not in labels]
    if unknown:
        inner = os.path.join(folder, unknown[0])
        hint = ""
        if len(found) == 1 and any(same_name(d) in labels for d in os.listdir(inner)):
            hint = f" (the class folders seem to be in {inner}: give --data {inner})"
        raise SystemExit(
            f"{folder}: the folder {unknown[0]!r} is not a class of this network{hint}; "
            f"name each class folder as in cnn-playground, one of: {expected}"
        )
    if not found:
        raise SystemExit(f"{folder} has no class folders: put each class's images in a folder named {expected}")
    return [(d, labels[same_name(d)]) for d in found]


def rounded_ratio(a, b):
    """round(a / b), halves up, in integers."""
    return (2 * a + b) // (2 * b)


def prepare(image, p):
    """The image as cnn-playground prepared it (model.PREPROCESSING p), step by step as Pillow
    does it: alpha over white, grey (convert("L")) or RGB, the crop or pad geometry (sizes
    round(a / b) halves up, offsets rounded down), Image.resize with the filter. An L or RGB
    image."""
    th, tw = p["size"]
    rgba = image.convert("RGBA")
    im = Image.alpha_composite(Image.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba).convert("RGB")
    if p["color"] == "gray":
        im = im.convert("L")
    w, h = im.size
    wider, taller = w * th > h * tw, w * th < h * tw
    resample = FILTERS[p["filter"]]
    if p["fit"] == "crop":
        cw = min(max(rounded_ratio(h * tw, th), 1), w) if wider else w
        ch = min(max(rounded_ratio(w * th, tw), 1), h) if taller else h
        left, top = (w - cw) // 2, (h - ch) // 2
        return im.crop((left, top, left + cw, top + ch)).resize((tw, th), resample)
    iw = min(max(rounded_ratio(w * th, h), 1), tw) if taller else tw
    ih = min(max(rounded_ratio(h * tw, w), 1), th) if wider else th
    out = Image.new(im.mode, (tw, th), p["pad"] if p["color"] == "gray" else (p["pad"],) * 3)
    out.paste(im.resize((iw, ih), resample), ((tw - iw) // 2, (th - ih) // 2))
    return out


def f32(x):
    """x rounded to float32 (to nearest, ties to even)."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


def byte_values():
    """What each byte 0..255 becomes in the network's input, in float32 step by step as
    cnn-playground computes it: v = b / 255, then (v - INPUT_MEAN) * (1 / INPUT_STD). Each step
    in double rounded to float32 is float32's own correctly rounded result."""
    values = [f32(b / 255) for b in range(256)]
    if model.INPUT_MEAN is not None:
        mean, scale = f32(model.INPUT_MEAN), f32(1 / f32(model.INPUT_STD))
        values = [f32(f32(v - mean) * scale) for v in values]
    return torch.tensor(values, dtype=torch.float32)


class ImageFolder(Dataset):
    """FOLDER/<class name>/<image>, classes by model.CLASSES, as the tensors the network reads."""

    def __init__(self, folder):
        channels, height, width = model.INPUT_SHAPE
        if channels not in (1, 3):
            raise SystemExit(f"resume.py reads gray or RGB images, but the network reads {channels} channels")
        self.mode, self.size = ("L" if channels == 1 else "RGB"), (width, height)
        self.values = byte_values()
        self.items = [
            (os.path.join(folder, c, name), label)
            for c, label in class_folders(folder)
            for name in sorted(os.listdir(os.path.join(folder, c)))
            if os.path.splitext(name)[1].lower() in EXTENSIONS
        ]
        if not self.items:
            raise SystemExit(f"{folder} holds no images ({', '.join(sorted(EXTENSIONS))})")

    def __len__(self):
        return len(self.items)

    def pixels(self, i):
        """Image i as the page kept it: uint8 [channels, height, width]."""
        with Image.open(self.items[i][0]) as image:
            if model.PREPROCESSING is not None:
                image = prepare(image, model.PREPROCESSING)
            else:
                image = image.convert(self.mode)
                if image.size != self.size:
                    image = image.resize(self.size, Image.Resampling.BILINEAR)
            data = torch.frombuffer(bytearray(image.tobytes()), dtype=torch.uint8)
        width, height = self.size
        return data.view(height, width, -1).permute(2, 0, 1).contiguous()

    def __getitem__(self, i):
        x, label = self.values[self.pixels(i).long()], self.items[i][1]
        if model.LOSS == "sigmoid_binary_cross_entropy":
            return x, torch.nn.functional.one_hot(torch.tensor(label), model.OUTPUTS).to(torch.float32)
        return x, label


def dump(folder, path):
    """Writes every image of folder as the network reads it: "input" [N, C, H, W] float32,
    "pixels" the bytes before scaling, "labels" int64, and the files in order (metadata)."""
    from safetensors.torch import save_file

    data = ImageFolder(folder)
    pixels = torch.stack([data.pixels(i) for i in range(len(data))])
    labels = torch.tensor([label for _, label in data.items], dtype=torch.int64)
    files = "\n".join(os.path.relpath(p, folder) for p, _ in data.items)
    save_file({"input": data.values[pixels.long()], "pixels": pixels, "labels": labels}, path, metadata={"files": files})
    print(f"wrote {path}: {len(data)} images of {tuple(pixels.shape[1:])}")


def arguments():
    p = argparse.ArgumentParser(description="Continue training the network exported by cnn-playground.")
    p.add_argument("--data", required=True, help="training images: a folder per class, named by the class")
    p.add_argument("--test", help="test images, in the same form: accuracy after each epoch")
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--batch", type=int, default=model.BATCH_SIZE or 32, help="images per step and process")
    p.add_argument("--from", dest="source", default=".", help="folder with model.safetensors and the optimizer")
    p.add_argument("--out", default="checkpoint", help="folder to write the trained files into")
    p.add_argument("--seed", type=int, default=0, help="seed of the shuffling")
    p.add_argument("--workers", type=int, default=0, help="data loading processes")
    p.add_argument("--dump", help="write the prepared images of --data to this .safetensors file and stop")
    return p.parse_args()


def accuracy(net, folder, device, batch):
    net.eval()
    right = total = 0
    with torch.no_grad():
        for x, y in DataLoader(ImageFolder(folder), batch_size=batch):
            labels = y.argmax(1) if y.dim() == 2 else y
            right += (net(x.to(device)).argmax(1).cpu() == labels).sum().item()
            total += len(x)
    return right / total


def main():
    args = arguments()
    if args.dump:
        dump(args.data, args.dump)
        return
    distributed = int(os.environ.get("WORLD_SIZE", "1")) > 1
    rank, local = 0, int(os.environ.get("LOCAL_RANK", "0"))
    if distributed:
        dist.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
        rank = dist.get_rank()
    device = torch.device(f"cuda:{local}" if torch.cuda.is_available() else "cpu")
    torch.manual_seed(args.seed)

    net = model.load_model(os.path.join(args.source, "model.safetensors")).to(device)
    optimizer = model.make_optimizer(net)
    model.load_optimizer(
        optimizer, os.path.join(args.source, "optimizer.safetensors"), os.path.join(args.source, "optimizer.json")
    )
    trained = net
    if distributed:
        trained = DistributedDataParallel(net, device_ids=[local] if device.type == "cuda" else None)

    data = ImageFolder(args.data)
    sampler = DistributedSampler(data, shuffle=True, seed=args.seed) if distributed else None
    order = torch.Generator().manual_seed(args.seed)
    loader = DataLoader(
        data, batch_size=args.batch, shuffle=sampler is None, sampler=sampler, generator=order, num_workers=args.workers
    )
    loss_function = model.loss_function()
    for epoch in range(args.epochs):
        if sampler is not None:
            sampler.set_epoch(epoch)
        trained.train()
        total, count = 0.0, 0
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_function(trained(x), y)
            loss.backward()
            optimizer.step()
            total, count = total + loss.item() * len(x), count + len(x)
        if rank == 0:
            line = f"epoch {epoch + 1} of {args.epochs}: mean training loss {total / count:.4f} over {count} images"
            if distributed:
                line += f" (process 0's share; {dist.get_world_size()} processes)"
            if args.test:
                line += f", test accuracy {100 * accuracy(net, args.test, device, args.batch):.2f}%"
            print(line, flush=True)
    if rank == 0:
        model.save_checkpoint(net, optimizer, args.out)
        print(f"wrote {args.out}/model.safetensors, optimizer.safetensors and optimizer.json")
    if distributed:
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
