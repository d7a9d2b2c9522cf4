#!/usr/bin/env python3
"""Where a training step's time goes: torch.profiler over the plain loop of python_loop.py.

The workbench and this loop call the same libtorch kernels, so the operator table shows what
each model spends its step on (convolution, pooling, the optimizer, the batch gather...).
Usage: OPENBLAS_NUM_THREADS=1 python3 bench/profile_loop.py --model cnn:4 [--steps 100]
"""
import argparse
import os
import sys

import torch
import torch.nn.functional as F
from torch.profiler import ProfilerActivity, profile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from python_loop import make_model  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--model", default="cnn:4", help="mlp:W:D or cnn:C")
    p.add_argument("--steps", type=int, default=100)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--rows", type=int, default=15)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = make_model(args.model, 10)
    n = (args.steps + 10) * args.batch
    x = torch.randn(n, 1, 28, 28)
    y = torch.softmax(torch.randn(n, 10), dim=1)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    perm = torch.randperm(n)

    def step(i):
        idx = perm[i * args.batch:(i + 1) * args.batch]
        loss = F.cross_entropy(model(x[idx]), y[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        loss.item()

    for i in range(10):
        step(i)
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        for i in range(10, 10 + args.steps):
            step(i)
    print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=args.rows))


if __name__ == "__main__":
    main()
