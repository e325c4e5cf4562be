#!/usr/bin/env bash
# Runs every cargo-fuzz target for N seconds (default 600), one after another, and
# prints a table of figures for docs/reliability.md.
#
#   scripts/fuzz.sh                  all five targets, 10 minutes each
#   scripts/fuzz.sh 60 scoring bids  one minute each for two targets
#
# Needs a nightly toolchain and cargo-fuzz (cargo install cargo-fuzz). The working
# corpus (fuzz/corpus/<target>/) starts from the seeds Bidmark writes and from the
# committed regression corpus (fuzz/regressions/<target>/); a crash is saved under
# fuzz/artifacts/<target>/. Environment:
#   FUZZ_SANITIZER=address (default) or none   what cargo fuzz builds with
#   CARGO_TARGET_DIR                            where the seeding test builds (stable);
#                                               the fuzz targets always build in fuzz/target
# Fuzzers run under `nice -n 19`: the machine is shared.
set -euo pipefail

cd "$(dirname "$0")/.."
seconds="${1:-600}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(evaluation bids scoresheet result scoring)
fi
sanitizer="${FUZZ_SANITIZER:-address}"

# The longest input worth trying for each target: the bundled samples and their result
# files must fit whole.
max_len() {
    case "$1" in
        evaluation) echo 65536 ;;
        result) echo 131072 ;;
        bids | scoresheet) echo 16384 ;;
        scoring) echo 4096 ;;
    esac
}

echo "Writing seed inputs into fuzz/corpus/ ..."
nice -n 19 cargo test --quiet --test fuzz_regressions -- --ignored write_seed_corpus >/dev/null
for t in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
    cp -n fuzz/regressions/"$t"/* "fuzz/corpus/$t/" 2>/dev/null || true
done

echo "Building the fuzz targets (sanitizer: $sanitizer) ..."
(cd fuzz && env -u CARGO_TARGET_DIR nice -n 19 cargo +nightly fuzz build -s "$sanitizer")

rows=()
status=0
for t in "${targets[@]}"; do
    log="fuzz/artifacts/$t.log"
    dict=(-dict=bidmark.dict)
    [ "$t" = scoring ] && dict=()
    echo "Fuzzing $t for $seconds s (log: $log) ..."
    start=$(date +%s)
    set +e
    (cd fuzz && env -u CARGO_TARGET_DIR nice -n 19 cargo +nightly fuzz run -s "$sanitizer" "$t" -- \
        -max_total_time="$seconds" -max_len="$(max_len "$t")" -timeout=60 \
        -print_final_stats=1 "${dict[@]}") >"$log" 2>&1
    rc=$?
    set -e
    elapsed=$(($(date +%s) - start))
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
    last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1 || true)
    cov=$(echo "$last" | grep -o 'cov: [0-9]*' | grep -o '[0-9]*' || true)
    ft=$(echo "$last" | grep -o 'ft: [0-9]*' | grep -o '[0-9]*' || true)
    corpus=$(find "fuzz/corpus/$t" -type f | wc -l)
    crashes=$(find "fuzz/artifacts/$t" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
    if [ "$rc" -ne 0 ]; then
        status=1
        echo "  $t stopped with exit code $rc: see $log and fuzz/artifacts/$t/"
    fi
    rows+=("| $t | $elapsed | ${execs:-?} | ${rate:-?} | ${cov:-?} | ${ft:-?} | $corpus | $crashes |")
done

echo
echo "| target | seconds | executions | exec/s | cov | ft | corpus files | crash/timeout/oom files |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${rows[@]}"
exit "$status"
