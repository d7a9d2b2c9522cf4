#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer, with AddressSanitizer and UBSan) of the readers that take
# files from users: JSON (every JSON file), sweep files through the whole validator, CSV and
# JSONL imports, .npy, .safetensors, IDX, and the result folders of the reference code bases
# (w2s import). Each target starts from its committed seed corpus (tests/fuzz/corpus/) plus the
# hostile-input fixtures of its kind (tests/fixtures/hostile/).
#
#   bash scripts/fuzz.sh [SECONDS_PER_TARGET]     (default 60; CI runs a shorter bound)
#
# Builds with clang (Debian clang + libclang-rt-14-dev, installed here when missing) into
# build/fuzz/ ($FUZZ_OUT). Prints one line per target and a closing summary; exits 1 if any
# target found a crash, a sanitizer report, an exception other than w2s::Error, an input slower
# than 10 s or one needing more than 2 GB. Findings are kept as build/fuzz/crash-TARGET-*.
# The sweep and import targets instrument their own sources and take the rest of the engine
# (libtorch included) from the release build's layer libraries (build/release/core/libw2s_*.a),
# built here when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-60}
OUT=${FUZZ_OUT:-build/fuzz}

probe=$(mktemp -d)
echo 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }' \
  > "$probe/p.cpp"
if ! clang++ -fsanitize=fuzzer "$probe/p.cpp" -o "$probe/p" 2>/dev/null; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends clang libclang-rt-14-dev zlib1g-dev \
    nlohmann-json3-dev
fi
rm -rf "$probe"

declare -A SOURCES=(
  [fuzz_json_text]="core/util/JsonText.cpp core/util/JsonLimits.cpp"
  [fuzz_csv]="core/text/TableImport.cpp core/io/CsvReader.cpp core/text/Utf8.cpp core/util/JsonLimits.cpp"
  [fuzz_jsonl]="core/text/TableImport.cpp core/io/CsvReader.cpp core/text/Utf8.cpp core/util/JsonLimits.cpp"
  [fuzz_npy]="core/io/Npy.cpp core/io/NdArray.cpp core/util/AtomicFile.cpp core/util/Paths.cpp"
  [fuzz_safetensors]="core/io/Safetensors.cpp core/io/NdArray.cpp core/util/AtomicFile.cpp core/util/Paths.cpp core/util/JsonLimits.cpp"
  [fuzz_idx]="core/data/Idx.cpp"
  [fuzz_sweep]="$(ls core/sweep/*.cpp | tr '\n' ' ')core/util/JsonLimits.cpp core/util/JsonFields.cpp core/util/JsonText.cpp core/data/SpecJson.cpp core/data/TextTaskJson.cpp core/models/ModelSpecJson.cpp core/models/LadderJson.cpp core/train/TrainConfigJson.cpp core/train/PretrainJson.cpp"
  [fuzz_import]="core/interop/OpenAiImporter.cpp core/interop/EleutherImporter.cpp core/interop/ImportSupport.cpp core/interop/KnownModels.cpp core/util/JsonLimits.cpp"
)
# Targets linked with the release engine library for what they do not instrument themselves.
ENGINE_TARGETS=" fuzz_sweep fuzz_import "
# Hostile fixtures that seed each target, by name pattern.
declare -A HOSTILE=(
  [fuzz_json_text]="*.json"
  [fuzz_csv]="*.csv"
  [fuzz_jsonl]="*.jsonl"
  [fuzz_npy]="*.npy"
  [fuzz_safetensors]="*.safetensors"
  [fuzz_idx]="*.idx.gz"
  [fuzz_sweep]="*.json"
  [fuzz_import]="none"
)
TARGETS=(fuzz_json_text fuzz_sweep fuzz_csv fuzz_jsonl fuzz_npy fuzz_safetensors fuzz_idx fuzz_import)
TORCH_INCLUDE=/usr/include/torch/csrc/api/include
if [ ! -f build/release/core/libw2s_cli.a ]; then
  cmake --preset release > /dev/null
  cmake --build --preset release --target w2s_cli -j2
fi
ENGINE_LIBS=(-Wl,--start-group build/release/core/libw2s_*.a -Wl,--end-group -ltorch -ltorch_cpu -lc10 -lprotobuf -lglog -lgflags -lsqlite3 -lnettle
             -lpthread)
FLAGS=(-std=c++17 -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
       -fno-sanitize-recover=undefined -I. -isystem "$TORCH_INCLUDE" -D_GLIBCXX_USE_CXX11_ABI=1
       -DW2S_VERSION=\"fuzz\"
       -DW2S_INSTALL_DATADIR=\"/nonexistent\" -DW2S_SOURCE_RESOURCE_DIR=\"resources\")

mkdir -p "$OUT/obj"
# Each source once (2 at a time), then one link per target.
all_sources=$(for t in "${TARGETS[@]}"; do echo ${SOURCES[$t]}; done | tr ' ' '\n' | sort -u)
export OUT
FLAGS_TEXT="${FLAGS[*]}"
export FLAGS_TEXT
printf '%s\n' $all_sources | xargs -P 2 -I{} bash -c '
  src={}; obj="$OUT/obj/$(echo "$src" | tr "/" "_").o"
  flags=${FLAGS_TEXT/-fsanitize=fuzzer,address,undefined/-fsanitize=fuzzer-no-link,address,undefined}
  if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ]; then clang++ $flags -c "$src" -o "$obj"; fi'

total_execs=0
total_crashes=0
for t in "${TARGETS[@]}"; do
  objs=""
  for s in ${SOURCES[$t]}; do objs+=" $OUT/obj/$(echo "$s" | tr '/' '_').o"; done
  libs=(-lz)
  if [[ "$ENGINE_TARGETS" == *" $t "* ]]; then libs=("${ENGINE_LIBS[@]}" -lz); fi
  clang++ "${FLAGS[@]}" "tests/fuzz/$t.cpp" $objs "${libs[@]}" -o "$OUT/$t"
  corpus="$OUT/corpus/$t"
  mkdir -p "$corpus"
  cp -f tests/fuzz/corpus/"$t"/* "$corpus"/ 2>/dev/null || true
  find tests/fixtures/hostile -maxdepth 1 -type f -name "${HOSTILE[$t]}" -exec cp -f {} "$corpus"/ \;
  rm -f "$OUT"/crash-"$t"-* "$OUT"/timeout-"$t"-* "$OUT"/oom-"$t"-*
  set +e
  "$OUT/$t" "$corpus" -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 -timeout=10 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$OUT/crash-$t-" > "$OUT/$t.log" 2>&1
  rc=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\)/\1/p' "$OUT/$t.log" | tail -1)
  execs=${execs:-0}
  crashes=$(find "$OUT" -maxdepth 1 -name "crash-$t-*" | wc -l)
  if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes=1; fi
  echo "fuzz: $t: ${SECONDS_PER_TARGET} s, $execs inputs, corpus $(ls "$corpus" | wc -l) files, $crashes findings (exit $rc)"
  if [ "$crashes" -gt 0 ]; then tail -30 "$OUT/$t.log"; fi
  total_execs=$((total_execs + execs))
  total_crashes=$((total_crashes + crashes))
done
echo "fuzz: ${#TARGETS[@]} targets x ${SECONDS_PER_TARGET} s, $total_execs inputs, $total_crashes findings"
[ "$total_crashes" -eq 0 ]
