#!/usr/bin/env bash
# The whole test suite under AddressSanitizer and UndefinedBehaviorSanitizer (the `asan` preset:
# Debug, -fsanitize=address,undefined, -fno-sanitize-recover=undefined, inline symbols hidden).
# About 30 minutes to build and 10 to test on 2 cores: longer than CI's budget allows next to the
# release suite, so it runs from here (docs/sanitizers.md has the last result).
#
#   bash scripts/sanitizers.sh [CTEST_ARGS...]     e.g. -R StoreMerge
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
cmake --preset asan
cmake --build --preset asan -j2
# Unoptimized Qt 6 code must not export inline Qt functions, or Qt 5 (loaded by libtorch) calls
# them before main() (docs/sanitizers.md).
exported=$(nm -D --defined-only build/asan/app/w2s | c++filt | grep ' [TW] ' | grep -c ' Q[A-Za-z]*::' || true)
if [ "$exported" -ne 0 ]; then
  echo "sanitizers: build/asan/app/w2s exports $exported Qt functions" >&2
  exit 1
fi
ctest --preset asan "$@"
