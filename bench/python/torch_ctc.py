"""PyTorch baseline for the benchmarks: times F.ctc_loss (classic CTC) on inputs written by Node.

The one PyTorch script of the repository: bench/src/torch.mjs drives it, for `npm run bench`
(startTorchBaseline: one long-lived process) and for the packages' scripts/bench.mjs (torchOnce:
one job per process).
Protocol: argv[1] = threads (0: torch's default). Prints one JSON line when ready
({"torch": version, "threads": n}), then answers each JSON job line read from stdin with one JSON line.
Job: {"input": path, "output": path, "B", "T", "C", "L", "op": "forward" | "lossAndGradient",
      "dtype": "float32" | "float64" (default float32), "warmup", "reps", "maxSeconds"}.
Input file, little-endian: logits dtype [B, T, C] | labels i32 [B, L] | labelLength i32 [B] | logitLength i32 [B].
Output file, in dtype: loss [B], then for lossAndGradient the gradient w.r.t. the logits [B, T, C].
Reply: {"times": wall ms per timed run, "cpuTimes": process CPU ms (all threads) per run, "peakMemoryMb"}.
The op includes log_softmax, like the bench backends with inputs 'logits'; blank 0, reduction 'none'.
"""
import json
import resource
import sys
import time

import torch
import torch.nn.functional as F

DTYPES = {"float32": torch.float32, "float64": torch.float64}


def read_inputs(job):
    B, T, C, L = job["B"], job["T"], job["C"], job["L"]
    dtype = DTYPES[job.get("dtype", "float32")]
    raw = bytearray(open(job["input"], "rb").read())
    offset = 0

    def take(dtype, count):
        nonlocal offset
        t = torch.frombuffer(raw, dtype=dtype, count=count, offset=offset)
        offset += t.element_size() * count
        return t

    logits = take(dtype, B * T * C).reshape(B, T, C).clone()
    labels = take(torch.int32, B * L).reshape(B, L).long()
    label_length = take(torch.int32, B).long()
    logit_length = take(torch.int32, B).long()
    return logits, labels, label_length, logit_length


def run_once(op, logits, labels, label_length, logit_length):
    with_grad = op == "lossAndGradient"
    x = logits.detach().requires_grad_(with_grad)
    with torch.set_grad_enabled(with_grad):
        log_probs = F.log_softmax(x, dim=2).transpose(0, 1)  # [T, B, C]
        loss = F.ctc_loss(log_probs, labels, logit_length, label_length, blank=0, reduction="none", zero_infinity=False)
        if with_grad:
            loss.sum().backward()  # samples are independent: d(sum)/dx[b] = d loss_b / dx[b]
    return loss.detach(), (x.grad if with_grad else None)


def handle(job):
    inputs = read_inputs(job)
    op = job["op"]
    if op not in ("forward", "lossAndGradient"):
        raise ValueError(f"unknown op {op}")
    loss, grad = run_once(op, *inputs)  # warm-up, also the checked result
    for _ in range(max(0, job["warmup"] - 1)):
        run_once(op, *inputs)
    times, cpu_times, spent = [], [], 0.0
    for r in range(job["reps"]):
        if r > 0 and spent >= job["maxSeconds"] * 1000:
            break
        c0 = time.process_time()
        t0 = time.perf_counter()
        run_once(op, *inputs)
        dt = (time.perf_counter() - t0) * 1000
        cpu_times.append((time.process_time() - c0) * 1000)
        times.append(dt)
        spent += dt
    with open(job["output"], "wb") as f:
        f.write(loss.numpy().tobytes())
        if grad is not None:
            f.write(grad.contiguous().numpy().tobytes())
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux; process peak so far
    return {"times": times, "cpuTimes": cpu_times, "peakMemoryMb": round(peak_mb, 1)}


def main():
    threads = int(sys.argv[1])
    if threads > 0:
        torch.set_num_threads(threads)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            reply = handle(json.loads(line))
        except Exception as error:  # reported back as the record's note
            reply = {"error": f"{type(error).__name__}: {error}"}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
