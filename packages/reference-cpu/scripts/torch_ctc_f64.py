"""PyTorch float64 baseline for scripts/bench.mjs: F.ctc_loss + backward on one thread.

argv: input path, B, T, C, L, reps, output path.
Input, little-endian: logits f64 [B, T, C] | labels i32 [B, L] | labelLength i32 [B] | logitLength i32 [B].
Writes loss f64 [B] then gradient w.r.t. the logits f64 [B, T, C] to the output path and prints one
JSON line: {"torch": version, "runs_ms": [...]}. log_softmax is inside the timed op (inputs 'logits').
"""
import json
import sys
import time

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
path, B, T, C, L, reps, out = sys.argv[1], *map(int, sys.argv[2:7]), sys.argv[7]
raw = bytearray(open(path, "rb").read())
logits = torch.frombuffer(raw, dtype=torch.float64, count=B * T * C).reshape(B, T, C).clone()
ints = torch.frombuffer(raw, dtype=torch.int32, offset=8 * B * T * C).long()
labels = ints[: B * L].reshape(B, L)
label_length = ints[B * L : B * L + B]
logit_length = ints[B * L + B :]


def run():
    x = logits.detach().requires_grad_(True)
    log_probs = F.log_softmax(x, dim=2).transpose(0, 1)  # [T, B, C]
    loss = F.ctc_loss(log_probs, labels, logit_length, label_length, blank=0, reduction="none")
    loss.sum().backward()  # samples are independent: d(sum)/dx[b] = d loss_b / dx[b]
    return loss.detach(), x.grad


times = []
for _ in range(reps + 1):  # the first run is a warm-up
    t0 = time.perf_counter()
    loss, grad = run()
    times.append((time.perf_counter() - t0) * 1000)
with open(out, "wb") as f:
    f.write(loss.numpy().tobytes())
    f.write(grad.numpy().tobytes())
print(json.dumps({"torch": torch.__version__, "runs_ms": times[1:]}))
