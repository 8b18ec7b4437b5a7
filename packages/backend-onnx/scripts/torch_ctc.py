"""PyTorch native CPU F.ctc_loss on the inputs bench.mjs writes (float32, blank 0, reduction 'none').

argv: dir B T C L reps mode threads   (mode: loss | grad; threads 0 = torch's default)
Prints one JSON line: {"median": ms, "min": ms, "threads": n, "loss": [...first 4]}.
"""
import json, statistics, sys, time
import numpy as np
import torch
import torch.nn.functional as F

d, B, T, C, L, reps, mode, threads = sys.argv[1], *map(int, sys.argv[2:7]), sys.argv[7], int(sys.argv[8])
if threads > 0:
    torch.set_num_threads(threads)
logits = torch.from_numpy(np.fromfile(f"{d}/logits.f32", dtype=np.float32).reshape(B, T, C))
labels = torch.from_numpy(np.fromfile(f"{d}/labels.i32", dtype=np.int32).reshape(B, L)).long()
label_len = torch.from_numpy(np.fromfile(f"{d}/label_length.i32", dtype=np.int32)).long()
logit_len = torch.from_numpy(np.fromfile(f"{d}/logit_length.i32", dtype=np.int32)).long()

def run():
    x = logits.clone().requires_grad_(mode == "grad")
    with torch.set_grad_enabled(mode == "grad"):
        lp = x.log_softmax(-1).transpose(0, 1)  # [T, B, C]
        loss = F.ctc_loss(lp, labels, logit_len, label_len, blank=0, reduction="none")
        if mode == "grad":
            loss.sum().backward()
    return loss.detach()

for _ in range(2):
    run()
times = []
for _ in range(reps):
    t0 = time.perf_counter()
    loss = run()
    times.append((time.perf_counter() - t0) * 1e3)
print(json.dumps({"median": statistics.median(times), "min": min(times), "threads": torch.get_num_threads(), "torch": torch.__version__, "loss": loss[:4].tolist()}))
