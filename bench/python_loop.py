#!/usr/bin/env python3
"""Plain PyTorch training loop: the reference the `w2s bench` C++ throughput is compared with.

Same work per step as the workbench trainer: gather a shuffled batch, forward, soft-label
cross-entropy, zero_grad, backward, Adam step, cosine learning-rate step, loss.item().
Prints one JSON object: {"threads": T, "results": [{"model", "params", "examples_per_s",
"examples_per_cpu_s"}]}: wall-clock and process-CPU-time throughput, each the best of --repeats
runs per model (the least disturbed by other load on the machine).
"""
import argparse
import json
import math
import time

import torch
import torch.nn.functional as F
from torch import nn


class Mlp(nn.Module):
    def __init__(self, in_features, width, depth, classes):
        super().__init__()
        self.hidden = nn.ModuleList()
        for _ in range(depth):
            self.hidden.append(nn.Linear(in_features, width))
            in_features = width
        self.head = nn.Linear(in_features, classes)

    def forward(self, x):
        x = x.flatten(1)
        for layer in self.hidden:
            x = torch.relu(layer(x))
        return self.head(x)


class Cnn(nn.Module):
    def __init__(self, height, width, channels, classes):
        super().__init__()
        self.conv1 = nn.Conv2d(1, channels, 3, padding=1)
        self.conv2 = nn.Conv2d(channels, 2 * channels, 3, padding=1)
        self.head = nn.Linear(2 * channels * (height // 4) * (width // 4), classes)

    def forward(self, x):
        x = F.max_pool2d(torch.relu(self.conv1(x)), 2)
        x = F.max_pool2d(torch.relu(self.conv2(x)), 2)
        return self.head(x.flatten(1))


def make_model(name, classes):
    """name: 'mlp:WIDTH:DEPTH' or 'cnn:CHANNELS' on 1x28x28 input."""
    parts = name.split(":")
    if parts[0] == "mlp":
        return Mlp(28 * 28, int(parts[1]), int(parts[2]), classes)
    if parts[0] == "cnn":
        return Cnn(28, 28, int(parts[1]), classes)
    raise ValueError("unknown model " + name)


def measure(name, args):
    torch.manual_seed(0)
    model = make_model(name, args.classes)
    total = args.warmup + args.steps
    n = total * args.batch
    gen = torch.Generator().manual_seed(1)
    x = torch.randn(n, 1, 28, 28, generator=gen)
    y = torch.softmax(torch.randn(n, args.classes, generator=gen), dim=1)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=total)
    perm = torch.randperm(n, generator=gen)
    model.train()
    start = None
    for step in range(total):
        if step == args.warmup:
            start = time.perf_counter()
            cpu_start = time.process_time()
        idx = perm[step * args.batch:(step + 1) * args.batch]
        xb, yb = x[idx], y[idx]
        loss = F.cross_entropy(model(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        loss.item()
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return {"model": name, "params": params,
            "examples_per_s": args.steps * args.batch / seconds,
            "examples_per_cpu_s": args.steps * args.batch / cpu_seconds}


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--models", required=True, help="comma list of mlp:W:D / cnn:C")
    p.add_argument("--steps", type=int, default=200)
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--classes", type=int, default=10)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--repeats", type=int, default=1, help="report the best of N runs")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    results = []
    for m in args.models.split(","):
        runs = [measure(m, args) for _ in range(args.repeats)]
        best = max(runs, key=lambda r: r["examples_per_s"])
        best["examples_per_cpu_s"] = max(r["examples_per_cpu_s"] for r in runs)
        results.append(best)
    print(json.dumps({"threads": torch.get_num_threads(), "torch": torch.__version__,
                      "results": results}))


if __name__ == "__main__":
    main()
