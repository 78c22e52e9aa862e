"""Checks cnn-playground's exports with the real PyTorch, onnx and onnxruntime (tests/export_python.rs).

    python check_exports.py DIR NAME...

For each NAME, DIR/NAME.zip is a PyTorch export and DIR/NAME.onnx the ONNX export of the same
network. Prints one JSON object per line and per check:
  {"name", "check": "zip"}          the zip unpacks with Python's zipfile into DIR/NAME/
  {"name", "check": "verify"}       verify.py run there, in this interpreter: its exit code and output
  {"name", "check": "onnx"}         onnx.checker (full check) and onnxruntime's logits and
                                    probabilities for the stored batch, and for its first example
                                    alone, against ours
  {"name", "check": "torch-init"}   writes DIR/NAME/torch_init.safetensors (a fresh Net() of
                                    model.py, seeded), DIR/NAME/torch_prefixed.safetensors (the same
                                    weights under "model."), DIR/NAME/torch_logits.safetensors (its
                                    logits for the stored batch), for the import test
Each has "ok" and, when not ok, "message". One process serves every export: importing torch takes
seconds, running verify.py does not.
"""
import contextlib
import io
import json
import os
import runpy
import sys
import zipfile

import numpy as np
import onnx
import onnxruntime
import torch
from safetensors.torch import load_file, save_file

FOLDER = "cnn-playground-pytorch"


def report(name, check, ok, message="", **extra):
    print(json.dumps({"name": name, "check": check, "ok": ok, "message": message, **extra}), flush=True)


def unzip(path, target):
    with zipfile.ZipFile(path) as z:
        bad = z.testzip()
        if bad is not None:
            raise ValueError(f"CRC mismatch in {bad}")
        z.extractall(target)
    return os.path.join(target, FOLDER)


@contextlib.contextmanager
def inside(folder):
    """Runs in folder with its model.py importable, as `cd folder && python ...` would."""
    old = os.getcwd()
    os.chdir(folder)
    sys.path.insert(0, folder)
    sys.modules.pop("model", None)
    try:
        yield
    finally:
        sys.path.remove(folder)
        sys.modules.pop("model", None)
        os.chdir(old)


def run_verify(folder):
    out = io.StringIO()
    code = 0
    with inside(folder), contextlib.redirect_stdout(out):
        try:
            runpy.run_path("verify.py", run_name="__main__")
        except SystemExit as e:
            code = e.code
    return code, out.getvalue()


def check_onnx(path, stored):
    """The opset of a model that passes; raises with the reason otherwise."""
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    opset = max(o.version for o in model.opset_import if o.domain in ("", "ai.onnx"))
    session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
    x = stored["input"].numpy()
    ours = stored["logits"].numpy().astype(np.float64)
    for batch in (x, x[:1]):
        logits, probabilities = session.run(["logits", "probabilities"], {"input": batch})
        want = ours[: len(batch)]
        bad = np.abs(logits - want) > 1e-4 + 1e-3 * np.abs(want)
        if bad.any():
            i = np.argwhere(bad)[0]
            raise ValueError(f"logits{list(i)}: onnxruntime {logits[tuple(i)]:.9g}, ours {want[tuple(i)]:.9g}")
        if "labels" in stored:
            expected = torch.softmax(torch.tensor(want), 1).numpy()
        else:
            expected = torch.sigmoid(torch.tensor(want)).numpy()
        if np.abs(probabilities - expected).max() > 1e-5:
            difference = np.abs(probabilities - expected).max()
            raise ValueError(f"probabilities differ from the softmax/sigmoid of our logits by {difference:.3g}")
    return opset


def torch_init(folder, stored):
    with inside(folder):
        import model

        torch.manual_seed(7)
        net = model.Net()
        weights = {k: v.contiguous() for k, v in net.state_dict().items()}
        save_file(weights, "torch_init.safetensors")
        save_file({f"model.{k}": v for k, v in weights.items()}, "torch_prefixed.safetensors")
        with torch.no_grad():
            save_file({"logits": net(stored["input"]).contiguous()}, "torch_logits.safetensors")


def main(directory, names):
    for name in names:
        try:
            folder = unzip(os.path.join(directory, f"{name}.zip"), os.path.join(directory, name))
            report(name, "zip", True, files=sorted(os.listdir(folder)))
        except Exception as e:  # a broken zip is a result to report, not a crash
            report(name, "zip", False, f"{type(e).__name__}: {e}")
            continue
        code, output = run_verify(folder)
        report(name, "verify", code == 0 and output.strip() == "verified", output.strip(), code=code)
        stored = load_file(os.path.join(folder, "verify.safetensors"))
        try:
            report(name, "onnx", True, opset=check_onnx(os.path.join(directory, f"{name}.onnx"), stored))
        except Exception as e:
            report(name, "onnx", False, f"{type(e).__name__}: {e}")
        try:
            torch_init(folder, stored)
            report(name, "torch-init", True)
        except Exception as e:
            report(name, "torch-init", False, f"{type(e).__name__}: {e}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
