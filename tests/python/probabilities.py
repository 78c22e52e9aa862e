"""The softmax probabilities of one image by a network the page exported (tests/e2e/save.test.mjs).

    python probabilities.py onnx MODEL.onnx INPUT.f32          onnxruntime on the ONNX export
    python probabilities.py torch FOLDER WEIGHTS.safetensors INPUT.f32
                                                               model.py's Net (in FOLDER, an
                                                               unzipped PyTorch export) with
                                                               the weights of WEIGHTS

INPUT.f32 holds one image as the network reads it (standardized), C x H x W little-endian
float32 values; its shape is model.py's INPUT_SHAPE, or the ONNX input's. Prints the ten (or
however many) probabilities as a JSON list.
"""
import json
import os
import sys

import numpy as np


def onnx_probabilities(model, image):
    import onnxruntime

    session = onnxruntime.InferenceSession(model, providers=["CPUExecutionProvider"])
    shape = [d for d in session.get_inputs()[0].shape[1:]]
    (probabilities,) = session.run(["probabilities"], {"input": image.reshape(1, *shape)})
    return probabilities[0]


def torch_probabilities(folder, weights, image):
    import torch
    from safetensors.torch import load_file

    sys.path.insert(0, folder)
    os.chdir(folder)
    import model

    net = model.Net()
    net.load_state_dict(load_file(weights))
    net.eval()
    with torch.no_grad():
        logits = net(torch.from_numpy(image.reshape(1, *model.INPUT_SHAPE)))
    return torch.softmax(logits.double(), 1)[0].numpy()


def main(args):
    image = np.fromfile(args[-1], dtype="<f4")
    if args[0] == "onnx":
        probabilities = onnx_probabilities(os.path.abspath(args[1]), image)
    elif args[0] == "torch":
        probabilities = torch_probabilities(os.path.abspath(args[1]), os.path.abspath(args[2]), image)
    else:
        sys.exit(f"unknown kind {args[0]!r}: use onnx or torch")
    print(json.dumps([float(p) for p in probabilities]))


if __name__ == "__main__":
    main(sys.argv[1:])
