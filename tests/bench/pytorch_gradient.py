#!/usr/bin/python3
"""PyTorch's side of tests/bench/bench_neural.cpp: one minibatch gradient (b' = 256, in two
micro-batches of 128, loss = sum of cross-entropies / 256, BatchNorm with batch statistics
only) of the same three models, on one thread, with Debian's python3-torch (the libtorch
marina-sim links). Times forward + backward only (no copy of parameters or gradients).
    tests/bench/pytorch_gradient.py [REPETITIONS]     # Debian's /usr/bin/python3, not a pyenv one
Needs scripts/bench-deps.sh (python3-torch, python3-torchvision)."""
import functools
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

torch.set_num_threads(1)


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(),
                         nn.Linear(256, 10))


class LeNet5(nn.Module):
    """methods/problems/neural_spec.hpp's layout for 1x28x28 input."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(400, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.fc1(x.flatten(1)))
        return self.fc3(F.relu(self.fc2(x)))


def resnet18():
    norm = functools.partial(nn.BatchNorm2d, track_running_stats=False)
    return torchvision.models.resnet18(num_classes=1000, norm_layer=norm)


def gradient(model, x, y, micro=128):
    for p in model.parameters():
        p.grad = None
    for s in range(0, len(x), micro):
        loss = F.cross_entropy(model(x[s:s + micro]), y[s:s + micro], reduction="sum") / len(x)
        loss.backward()


def main():
    repetitions = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    torch.manual_seed(1)
    cases = [("mlp", mlp(), (1, 28, 28)), ("lenet5", LeNet5(), (1, 28, 28)), ("resnet18", resnet18(), (3, 32, 32))]
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}")
    for name, model, shape in cases:
        model.train()
        d = sum(p.numel() for p in model.parameters())
        x = torch.randint(0, 256, (256, *shape), dtype=torch.uint8).float() / 255
        y = torch.randint(0, 10, (256,))
        for _ in range(2):  # warm-up
            gradient(model, x, y)
        times = []
        for _ in range(repetitions):
            start = time.perf_counter()
            gradient(model, x, y)
            times.append((time.perf_counter() - start) * 1e3)
        print(f"{name:9s} d={d:>9,d}  median {statistics.median(times):8.2f} ms  min {min(times):8.2f} ms"
              f"  ({repetitions} runs)")


if __name__ == "__main__":
    main()
