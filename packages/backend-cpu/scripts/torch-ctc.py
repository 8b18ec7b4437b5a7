"""Times PyTorch's native CPU F.ctc_loss on a batch written by bench.mjs (same inputs, same run).

Usage: python3 torch-ctc.py <case.json>   (the JSON names the raw logits / labels / lengths files)
Prints one JSON line: {"torch", "threads", "lossGradMs", "lossGradCpuMs", "lossMs"} (ms per rep).
Timed region: log_softmax of the logits, ctc_loss (reduction 'sum', blank 0) and, for loss+grad,
the backward pass to the logits: the same work as backend-cpu's lossAndGradient on logits.
"""
import json
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

spec = json.load(open(sys.argv[1]))
B, T, C, L = spec["B"], spec["T"], spec["C"], spec["L"]
threads = int(spec["threads"])
torch.set_num_threads(threads)
logits = torch.from_numpy(np.fromfile(spec["logits"], dtype=np.float32).reshape(B, T, C).copy())
labels = torch.from_numpy(np.fromfile(spec["labels"], dtype=np.int32).reshape(B, L).astype(np.int64))
label_len = torch.from_numpy(np.fromfile(spec["labelLength"], dtype=np.int32).astype(np.int64))
logit_len = torch.from_numpy(np.fromfile(spec["logitLength"], dtype=np.int32).astype(np.int64))
x_tbc = logits.transpose(0, 1).contiguous()  # PyTorch wants [T, B, C]


def loss_grad():
    x = x_tbc.clone().requires_grad_(True)
    loss = F.ctc_loss(x.log_softmax(2), labels, logit_len, label_len, blank=0, reduction="sum")
    loss.backward()
    return x.grad


def loss_only():
    with torch.no_grad():
        return F.ctc_loss(x_tbc.log_softmax(2), labels, logit_len, label_len, blank=0, reduction="sum")


def timed(fn, warmup, reps):
    """Wall and process CPU times (all threads) in ms."""
    for _ in range(warmup):
        fn()
    wall, cpu = [], []
    for _ in range(reps):
        c0 = time.process_time()
        t0 = time.perf_counter()
        fn()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return wall, cpu


reps = int(spec["reps"])
loss_grad_ms, loss_grad_cpu_ms = timed(loss_grad, 2, reps)
loss_ms, _ = timed(loss_only, 2, reps)
print(json.dumps({
    "torch": torch.__version__,
    "threads": torch.get_num_threads(),
    "lossGradMs": loss_grad_ms,
    "lossGradCpuMs": loss_grad_cpu_ms,
    "lossMs": loss_ms,
}))
