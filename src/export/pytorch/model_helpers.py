

def load_model(path="model.safetensors"):
    """Net() with the weights saved at path: every key and every shape must fit."""
    net = Net()
    net.load_state_dict(load_file(path))
    return net


def load_optimizer(optimizer, tensors="optimizer.safetensors", groups="optimizer.json"):
    """Gives optimizer the state saved by cnn-playground or by save_checkpoint: an
    optimizer.state_dict() whose tensors are in `tensors` (keys "state.<parameter index>.<name>",
    the index into net.parameters()) and whose param_groups and state names are in `groups`."""
    values = load_file(tensors)
    with open(groups, encoding="utf-8") as f:
        saved = json.load(f)
    state = {int(i): {key: values[f"state.{i}.{key}"] for key in keys} for i, keys in saved["state"].items()}
    optimizer.load_state_dict({"state": state, "param_groups": saved["param_groups"]})


def save_checkpoint(net, optimizer, folder):
    """Writes model.safetensors, optimizer.safetensors and optimizer.json into folder, as the
    export holds them: load_model and load_optimizer read them back, and cnn-playground imports
    model.safetensors (Import weights)."""
    os.makedirs(folder, exist_ok=True)
    saved = optimizer.state_dict()
    tensors, state = {}, {}
    for i, entries in saved["state"].items():
        state[str(i)] = []
        for key, value in entries.items():
            if torch.is_tensor(value):
                tensors[f"state.{i}.{key}"] = value.detach().cpu().contiguous()
                state[str(i)].append(key)
    weights = {key: value.detach().cpu().contiguous() for key, value in net.state_dict().items()}
    save_file(weights, os.path.join(folder, "model.safetensors"), metadata={"format": "pt"})
    save_file(tensors, os.path.join(folder, "optimizer.safetensors"), metadata={"format": "pt"})
    with open(os.path.join(folder, "optimizer.json"), "w", encoding="utf-8") as f:
        json.dump({"state": state, "param_groups": saved["param_groups"]}, f, indent=1)
