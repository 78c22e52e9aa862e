"""Continues training the exported network in PyTorch, from where cnn-playground stopped.

    pip install torch safetensors pillow
    python resume.py --data DIGITS [--test DIGITS_TEST] [--epochs 1] [--batch 32] [--out checkpoint]

DIGITS is an MNIST-style folder: one folder per class, named by its class index (0, 1, ...),
each holding that class's images (PNG, JPEG, BMP, ...). Images are read as gray (RGB for a
3-channel network), resized to the network's input if needed, scaled to [0, 1] and
standardized as cnn-playground did (model.INPUT_MEAN, model.INPUT_STD). MNIST digits are
white on black.

It loads model.safetensors, optimizer.safetensors and optimizer.json (from --from, this folder
by default), trains --epochs epochs, prints each epoch's mean loss (and the accuracy on --test),
and writes the same three files into --out: run it again with --from OUT to go on, or import
OUT/model.safetensors into cnn-playground (Import weights) to look at it there.

When one machine is not enough, torchrun starts one process per core, GPU or machine, and
resume.py then trains with DistributedDataParallel: each process takes its share of every
epoch (DistributedSampler), the gradients are averaged, and rank 0 writes the files.

    torchrun --nproc_per_node 4 resume.py --data DIGITS            # 4 processes on this machine
    torchrun --nnodes 2 --node_rank 0 --master_addr HOST --master_port 29500 \\
             --nproc_per_node 4 resume.py --data DIGITS            # the same on each of 2 machines,
                                                                   # node_rank 0 on HOST, 1 on the other

One step then sees --batch images in each process, processes x --batch in all: to take the
same steps as one process would, divide --batch by the number of processes.
"""
import argparse
import os

import torch
import torch.distributed as dist
from PIL import Image
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, Dataset, DistributedSampler

import model

EXTENSIONS = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp", ".pgm", ".ppm"}


class ImageFolder(Dataset):
    """An MNIST-style folder, FOLDER/<class index>/<image>, as the tensors the network reads."""

    def __init__(self, folder):
        channels, height, width = model.INPUT_SHAPE
        if channels not in (1, 3):
            raise SystemExit(f"resume.py reads gray or RGB images, but the network reads {channels} channels")
        if not os.path.isdir(folder):
            raise SystemExit(f"{folder} is not a folder: give a folder with one folder per class, named 0, 1, ...")
        self.mode, self.size = ("L" if channels == 1 else "RGB"), (width, height)
        classes = sorted(d for d in os.listdir(folder) if os.path.isdir(os.path.join(folder, d)))
        bad = [c for c in classes if not c.isdigit() or int(c) >= model.OUTPUTS]
        if not classes or bad:
            found = f"folder {bad[0]!r} is not" if bad else "there are no class folders, each"
            raise SystemExit(f"{folder}: {found} named by a class index from 0 to {model.OUTPUTS - 1}")
        self.items = [
            (os.path.join(folder, c, name), int(c))
            for c in classes
            for name in sorted(os.listdir(os.path.join(folder, c)))
            if os.path.splitext(name)[1].lower() in EXTENSIONS
        ]
        if not self.items:
            raise SystemExit(f"{folder} holds no images ({', '.join(sorted(EXTENSIONS))})")

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        path, label = self.items[i]
        with Image.open(path) as image:
            image = image.convert(self.mode)
            if image.size != self.size:
                image = image.resize(self.size, Image.BILINEAR)
            pixels = torch.frombuffer(bytearray(image.tobytes()), dtype=torch.uint8)
        width, height = self.size
        x = pixels.to(torch.float32).div(255).view(height, width, -1).permute(2, 0, 1).contiguous()
        if model.INPUT_MEAN is not None:
            x = (x - model.INPUT_MEAN) / model.INPUT_STD
        if model.LOSS == "sigmoid_binary_cross_entropy":
            return x, torch.nn.functional.one_hot(torch.tensor(label), model.OUTPUTS).to(torch.float32)
        return x, label


def arguments():
    p = argparse.ArgumentParser(description="Continue training the network exported by cnn-playground.")
    p.add_argument("--data", required=True, help="training images: a folder per class, named 0, 1, ...")
    p.add_argument("--test", help="test images, in the same form: accuracy after each epoch")
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--batch", type=int, default=model.BATCH_SIZE or 32, help="images per step and process")
    p.add_argument("--from", dest="source", default=".", help="folder with model.safetensors and the optimizer")
    p.add_argument("--out", default="checkpoint", help="folder to write the trained files into")
    p.add_argument("--seed", type=int, default=0, help="seed of the shuffling")
    p.add_argument("--workers", type=int, default=0, help="data loading processes")
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
