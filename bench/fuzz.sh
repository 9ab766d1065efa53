#!/bin/bash
# bench/fuzz.sh - run the libFuzzer harnesses of tests/fuzz one at a time
# (one worker each) and print, per harness: executions, executions per
# second, coverage (libFuzzer's final cov: edges and ft: features), the
# corpus size and the findings (crash, leak, timeout, out-of-memory).
#
#   bench/fuzz.sh [--time S] [--runs N] [--ci] [--keep DIR] [NAME...]
#     --time S     seconds per harness (default 60; --ci: 15)
#     --runs N     also stop a harness after N executions (whichever comes
#                  first: --time 600 --runs 10000000 is the long run)
#     --ci         the CI gate: build, replay each corpus, fuzz each harness
#                  briefly; any finding fails (exit 1)
#     --keep DIR   keep the grown corpora and findings in DIR
#     NAME...      only these harnesses (default: all of tests/fuzz)
#   FUZZ_BUILD=DIR   build folder (default build-fuzz; built by
#                    scripts/dev.sh fuzz-build when missing or stale)
#
# Every input libFuzzer finds is written to a scratch folder, never into
# tests/fuzz/corpus; a finding's input goes into the corpus by hand, with
# its fix (tests/fuzz/README.md).
set -u

here=$(cd "$(dirname "$0")/.." && pwd)
secs=60
runs=""
ci=0
keep=""
names=()
while [ $# -gt 0 ]; do
	case "$1" in
	--time) secs=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--ci) ci=1; shift ;;
	--keep) keep=$2; shift 2 ;;
	-h|--help) sed -n '2,20p' "$0"; exit 0 ;;
	-*) echo "bench/fuzz.sh: unknown option $1" >&2; exit 2 ;;
	*) names+=("$1"); shift ;;
	esac
done
[ "$ci" = 1 ] && [ "$secs" = 60 ] && secs=${FUZZ_CI_SECONDS:-15}
build=${FUZZ_BUILD:-$here/build-fuzz}

blog=$(mktemp /tmp/posdoctor-fuzz-build.XXXXXX)
if ! "$here/scripts/dev.sh" fuzz-build "$build" > "$blog" 2>&1; then
	cat "$blog"
	rm -f "$blog"
	echo "bench/fuzz.sh: build failed" >&2
	exit 1
fi
rm -f "$blog"
if [ ${#names[@]} -eq 0 ]; then
	# The list in tests/fuzz/CMakeLists.txt, in its order.
	mapfile -t names < <(sed -n '/^set(POSDOCTOR_FUZZERS$/,/)/p' "$here/tests/fuzz/CMakeLists.txt" |
		sed -e 's/#.*//' -e 's/set(POSDOCTOR_FUZZERS//' -e 's/)//' | tr ' ' '\n' | grep -v '^$')
fi

if [ -n "$keep" ]; then
	mkdir -p "$keep" && work=$(cd "$keep" && pwd) || exit 1
else
	work=$(mktemp -d /tmp/posdoctor-fuzz.XXXXXX) || exit 1
fi
# The scratch folder goes unless asked to keep it or something was found.
cleanup() { [ -z "$keep" ] && rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# Which dictionary a harness uses (tests/fuzz/dict), if any.
dict_of() {
	case "$1" in
	config|catalog|guide|codes) echo yaml ;;
	nut|apcupsd|dates|serial) echo "$1" ;;
	esac
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=0
total_start=$(date +%s)
printf '%-9s %6s %12s %9s %6s %6s %6s %8s  %s\n' \
	harness secs execs "exec/s" cov ft corpus findings result
for name in "${names[@]}"; do
	bin="$build/tests/fuzz/fuzz_$name"
	seeds="$here/tests/fuzz/corpus/$name"
	[ -x "$bin" ] || { echo "bench/fuzz.sh: no harness $bin" >&2; failed=1; continue; }
	mkdir -p "$work/$name/corpus" "$work/$name/findings"
	log="$work/$name/log"
	opts=(-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -workers=1
	      "-artifact_prefix=$work/$name/findings/")
	d=$(dict_of "$name")
	[ -n "$d" ] && opts+=("-dict=$here/tests/fuzz/dict/$d.dict")
	limit=(-max_total_time="$secs")
	[ -n "$runs" ] && limit+=(-runs="$runs")
	result=ok
	t0=$(date +%s)
	# 1. Replay the saved corpus once (seeds and regression inputs).
	if ! "$bin" "${opts[@]}" -runs=0 "$seeds" > "$log.replay" 2>&1; then
		result="replay FAILED"
	# 2. Fuzz for the given time, new inputs into the scratch corpus.
	elif ! "$bin" "${opts[@]}" "${limit[@]}" "$work/$name/corpus" "$seeds" \
		> "$log" 2>&1; then
		result=FAILED
	fi
	t1=$(date +%s)
	[ -s "$log" ] || cp "$log.replay" "$log"
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	last=$(grep -E '^#[0-9]+.* cov: ' "$log" | tail -1)
	cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
	ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
	corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
	findings=$(find "$work/$name/findings" -type f | wc -l)
	if [ "$result" != ok ] || [ "$findings" -gt 0 ]; then
		failed=1
		[ "$result" = ok ] && result=FAILED
	fi
	printf '%-9s %6s %12s %9s %6s %6s %6s %8s  %s\n' "$name" "$((t1 - t0))" \
		"${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$findings" "$result"
	if [ "$result" != ok ]; then
		grep -E 'ERROR|SUMMARY|runtime error|Test unit written|==[0-9]+==' "$log.replay" "$log" |
			head -20 | sed 's/^/    /'
		find "$work/$name/findings" -type f | sed 's/^/    finding: /'
		[ -z "$keep" ] && { keep=kept; echo "    (scratch kept in $work)"; }
	fi
done
echo "total: $(( $(date +%s) - total_start )) s for ${#names[@]} harness(es), $secs s${runs:+ or $runs runs} each"
[ "$failed" = 0 ] || { echo "bench/fuzz.sh: FAILED"; exit 1; }
