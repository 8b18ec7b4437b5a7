"""PyTorch CUDA baseline for scripts/gpu-bench.sh: times F.ctc_loss (classic, float32, loss + gradient
w.r.t. the logits, log_softmax included) on the inputs that scripts/bench.mjs --inputs wrote, and
merges the result with the webgpu report into one JSON file.

usage: python3 gpu-bench-torch.py INPUTS_DIR WEBGPU_REPORT.json OUT.json [reps]
Two timings per case: 'device' (inputs already on the GPU, like a training step) and 'host'
(host arrays in, loss and gradient back on the host, like backend-webgpu's API).
"""
import json
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def load(path, B, T, C, L):
    raw = np.fromfile(path, dtype=np.uint8)
    off = 0

    def take(dtype, n):
        nonlocal off
        a = raw[off:off + 4 * n].view(dtype)
        off += 4 * n
        return torch.from_numpy(a.copy())

    logits = take(np.float32, B * T * C).reshape(B, T, C)
    labels = take(np.int32, B * L).reshape(B, L).long()
    return logits, labels, take(np.int32, B).long(), take(np.int32, B).long()


def step(x, labels, label_length, logit_length):
    x = x.detach().requires_grad_(True)
    log_probs = F.log_softmax(x, dim=2).transpose(0, 1)  # [T, B, C]
    loss = F.ctc_loss(log_probs, labels, logit_length, label_length, blank=0, reduction="none")
    loss.sum().backward()  # samples are independent: d(sum)/dx[b] = d loss_b / dx[b]
    return loss.detach(), x.grad


def sync():
    if torch.cuda.is_available():
        torch.cuda.synchronize()


def timed(fn, reps):
    fn()
    sync()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        sync()
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    return {"medianMs": round(times[len(times) // 2], 3), "minMs": round(times[0], 3), "reps": reps}


def main():
    inputs, report_path, out_path = sys.argv[1:4]
    reps = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    report = json.load(open(report_path))
    # no CUDA only in a dry run of gpu-bench.sh on a machine without a GPU; the report says so
    dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    torch_rows = []
    for row in report["rows"]:
        if row["op"] != "lossAndGradient":
            continue
        B, T, C, L = row["B"], row["T"], row["C"], row["L"]
        host = load(f"{inputs}/{row['case']}.bin", B, T, C, L)
        on_dev = [t.to(dev) for t in host]

        def host_round_trip():
            loss, grad = step(*[t.to(dev) for t in host])
            return loss.cpu(), grad.cpu()

        ours = torch.from_numpy(np.fromfile(f"{inputs}/{row['case']}.loss.bin", dtype=np.float32))
        theirs = step(*on_dev)[0].cpu()
        torch_rows.append({
            "case": row["case"], "op": "lossAndGradient", "B": B, "T": T, "C": C, "L": L,
            "device": timed(lambda: step(*on_dev), reps),
            "host": timed(host_round_trip, reps),
            "lossMaxRelDiffVsWebgpu": float(((theirs - ours).abs() / theirs.abs().clamp(min=1)).max()),
        })
    report["torch"] = {
        "version": torch.__version__, "cuda": torch.version.cuda,
        "device": str(dev), "threads": torch.get_num_threads(),
        "gpu": torch.cuda.get_device_name(0) if dev.type == "cuda" else None, "rows": torch_rows,
    }
    json.dump(report, open(out_path, "w"), indent=2)
    print(json.dumps(report["torch"], indent=2))


if __name__ == "__main__":
    main()
