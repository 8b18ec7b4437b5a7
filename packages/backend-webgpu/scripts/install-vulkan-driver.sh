#!/usr/bin/env bash
# Installs a software Vulkan driver (ICD) for WebGPU on machines without a GPU, idempotently,
# and prints the environment variables to export.
#
#   lavapipe (default): Mesa 25 lavapipe from bookworm-backports, unpacked into $VULKAN_DRIVER_DIR with
#                       apt-get download + dpkg-deb -x, using a private apt lists/sources dir (the system's
#                       apt sources are not changed). Needs the system's libvulkan1 (the Vulkan loader).
#   swiftshader:        SwiftShader from Debian's chromium package (apt-get install libvulkan1 chromium).
#
# Usage: scripts/install-vulkan-driver.sh [lavapipe|swiftshader]
#        eval "$(scripts/install-vulkan-driver.sh)"   # exports VK_ICD_FILENAMES (+ LD_LIBRARY_PATH)
set -euo pipefail

driver="${1:-lavapipe}"
dir="${VULKAN_DRIVER_DIR:-$HOME/.cache/seq2seq-losses/lavapipe}"
sudo_cmd=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then sudo_cmd="sudo"; fi

need_loader() {
  if ! ldconfig -p | grep -q 'libvulkan.so.1 '; then
    echo "installing libvulkan1 (the Vulkan loader)" >&2
    $sudo_cmd apt-get update >&2 && $sudo_cmd apt-get install -y --no-install-recommends libvulkan1 >&2
  fi
}

case "$driver" in
  swiftshader)
    need_loader
    if [ ! -f /usr/lib/chromium/vk_swiftshader_icd.json ]; then
      $sudo_cmd apt-get update >&2 && $sudo_cmd apt-get install -y --no-install-recommends chromium >&2
    fi
    echo "export VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json"
    ;;
  lavapipe)
    need_loader
    icd="$dir/lvp_icd.json"
    if [ ! -f "$dir/.done" ]; then
      echo "downloading Mesa lavapipe from bookworm-backports into $dir" >&2
      mkdir -p "$dir/apt/lists/partial" "$dir/apt/sources" "$dir/debs" "$dir/root"
      cat >"$dir/apt/sources/backports.sources" <<SRC
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
      apt_opts=(-o "Dir::Etc::sourcelist=/dev/null" -o "Dir::Etc::sourceparts=$dir/apt/sources"
        -o "Dir::State::Lists=$dir/apt/lists" -o "Dir::Cache=$dir/apt/cache" -o "Debug::NoLocking=1" -o "APT::Default-Release=bookworm-backports" -o "APT::Sandbox::User=root")
      mkdir -p "$dir/apt/cache/archives/partial"
      apt-get "${apt_opts[@]}" update >&2
      # the driver and the libraries it needs that bookworm lacks or has too old (LLVM, libdrm...)
      pkgs=$(apt-cache "${apt_opts[@]}" depends --recurse --no-recommends --no-suggests --no-conflicts \
        --no-breaks --no-replaces --no-enhances mesa-vulkan-drivers/bookworm-backports 2>/dev/null \
        | grep -E '^[a-z0-9]' | grep -vE '^(libc6|libgcc-s1|libstdc\+\+6|debconf|dpkg|perl-base|zlib1g)$' | sort -u)
      (cd "$dir/debs" && for p in $pkgs; do
        v=$(apt-cache "${apt_opts[@]}" policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')
        [ -n "$v" ] && [ "$v" != "(none)" ] || continue
        # skip what the system already has at that version
        if [ "$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null || true)" = "$v" ]; then continue; fi
        apt-get "${apt_opts[@]}" download "$p=$v" >&2 || echo "skip $p" >&2
      done)
      for deb in "$dir"/debs/*.deb; do dpkg-deb -x "$deb" "$dir/root"; done
      # an ICD file that points at the unpacked library by absolute path
      cat >"$icd" <<ICD
{ "file_format_version": "1.0.0",
  "ICD": { "library_path": "$dir/root/usr/lib/x86_64-linux-gnu/libvulkan_lvp.so", "api_version": "1.4.305" } }
ICD
      touch "$dir/.done"
    fi
    echo "export VK_ICD_FILENAMES=$icd"
    echo "export LD_LIBRARY_PATH=$dir/root/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    ;;
  *)
    echo "unknown driver '$driver' (lavapipe or swiftshader)" >&2
    exit 2
    ;;
esac
