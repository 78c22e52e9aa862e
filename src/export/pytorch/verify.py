"""Checks that PyTorch computes what cnn-playground computed, and continues it exactly.

    python verify.py          (needs torch and safetensors: pip install torch safetensors)

It builds model.py's Net with the weights of model.safetensors and the optimizer with its
saved state (optimizer.safetensors, optimizer.json), then, on the batch stored in
verify.safetensors:
1. the logits must be the ones cnn-playground computed;
2. the loss and the gradient of every parameter must be ours;
3. one optimizer step, from our gradients (so that it compares the update rule alone), must
   give our new weights and our new optimizer state (moments and step counts).
It prints "verified" and exits 0, or names the first mismatch and exits 1.

Both sides compute in float32, in different orders, so values agree to rounding, not to the
last bit: each check below allows |PyTorch - ours| <= absolute + relative * |ours|.
"""
import sys

import torch
from safetensors.torch import load_file

import model

# (absolute, relative); the absolute part of gradients, weights and optimizer state is scaled
# by the largest |value| of the tensor, so it reads as "a fraction of the tensor's scale".
LOGITS = (1e-4, 1e-3)
LOSS = (1e-5, 1e-4)
GRADIENTS = (1e-4, 1e-3)
AFTER_STEP = (1e-6, 1e-5)


class Mismatch(Exception):
    pass


def check(what, got, want, tolerance, scaled=False):
    """Compares every value of got (PyTorch's) with want (ours); raises Mismatch at the first
    that differs by more than the tolerance. A NaN matches only a NaN."""
    got, want = got.detach().to(torch.float64).cpu(), want.to(torch.float64)
    if got.shape != want.shape:
        raise Mismatch(f"{what}: PyTorch's shape is {list(got.shape)}, cnn-playground's {list(want.shape)}")
    absolute, relative = tolerance
    if scaled and want.numel():
        absolute *= max(want.abs().max().item(), 1e-30)
    allowed = absolute + relative * want.abs()
    bad = ~((got - want).abs() <= allowed) & ~(got.isnan() & want.isnan())
    if bad.any():
        flat = bad.flatten().nonzero()[0].item()
        index = [int(i) for i in torch.unravel_index(torch.tensor(flat), got.shape)] if got.dim() else []
        g, w = got.flatten()[flat].item(), want.flatten()[flat].item()
        raise Mismatch(
            f"{what}{index if index else ''}: PyTorch gives {g:.9g}, cnn-playground {w:.9g} "
            f"(difference {abs(g - w):.3g}, allowed {allowed.flatten()[flat].item():.3g}; "
            f"{int(bad.sum())} of {bad.numel()} values differ)"
        )


def verify():
    stored = load_file("verify.safetensors")
    net = model.load_model()
    optimizer = model.make_optimizer(net)
    model.load_optimizer(optimizer)
    names = [name for name, _ in net.named_parameters()]
    parameters = dict(net.named_parameters())

    net.train()
    logits = net(stored["input"])
    check("logits", logits, stored["logits"], LOGITS)

    targets = stored["labels"] if "labels" in stored else stored["targets"]
    loss = model.loss_function()(logits, targets)
    check("loss", loss, stored["loss"], LOSS)
    optimizer.zero_grad()
    loss.backward()
    for name in names:
        check(f"gradient of {name}", parameters[name].grad, stored[f"grad.{name}"], GRADIENTS, scaled=True)

    with torch.no_grad():
        for name in names:
            parameters[name].grad.copy_(stored[f"grad.{name}"])
    optimizer.step()
    for name in names:
        check(f"{name} after one step", parameters[name], stored[f"after.{name}"], AFTER_STEP, scaled=True)
    state = optimizer.state_dict()["state"]
    for key, want in stored.items():
        if key.startswith("after.state."):
            index, entry = key[len("after.state."):].split(".", 1)
            got = state.get(int(index), {}).get(entry)
            if got is None:
                raise Mismatch(f"PyTorch's optimizer has no state {entry!r} for {names[int(index)]}")
            check(f"optimizer state {entry} of {names[int(index)]} after one step", got, want, AFTER_STEP, scaled=True)


if __name__ == "__main__":
    try:
        verify()
    except Mismatch as mismatch:
        print(f"mismatch: {mismatch}")
        sys.exit(1)
    print("verified")
