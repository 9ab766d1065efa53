#!/usr/bin/env bash
# dev.sh - install what is missing, build, and run posdoctor or its tests.
#
#   scripts/dev.sh run [ARGS...]    build deps, build, start posdoctor ARGS
#   scripts/dev.sh test [--sanitize] [CTEST ARGS...]
#                                   build + test deps, build, run every test
#   scripts/dev.sh deps [--test]    only install the Debian packages
#   scripts/dev.sh fuzz [ARGS...]   the fuzzing gate of CI: bench/fuzz.sh --ci
#   scripts/dev.sh fuzz-build [DIR] clang + libFuzzer, harnesses in build-fuzz
#
# For Debian 12 and Raspberry Pi OS. Safe to run again: it installs only the
# packages that are missing, and rebuilds only what changed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

build_pkgs=(build-essential cmake pkg-config libncurses-dev libcurl4-openssl-dev
	libyaml-dev libserialport-dev ca-certificates)
# Test peers: namespaces, loss, a UPS server, a terminal on a pty, tmux,
# node_exporter and Prometheus (promtool) for the fleet tests,
# reference tools for the benchmarks.
test_pkgs=(libcmocka-dev python3 tmux socat iproute2 nftables iputils-ping
	iputils-arping mtr-tiny arp-scan ieee-data nut-server nut-client openssl
	procps util-linux libcap2-bin time groff-base man-db hyperfine curl
	prometheus prometheus-node-exporter cage foot grim xwayland fonts-wqy-zenhei)
# The libFuzzer harnesses of tests/fuzz: clang and its sanitizer runtimes.
fuzz_pkgs=(clang libclang-rt-14-dev)

. "$here/scripts/lib.sh"

# Install the packages of the given names that are not installed yet.
install_missing() {
	local missing=() p
	for p in "$@"; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
			missing+=("$p")
		fi
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "dev.sh: installing ${missing[*]}"
	# Whatever failed, the lists apt has may hold what this machine needs:
	# the install says which package it cannot find.
	apt_update || echo "dev.sh: going on with the package lists apt has" >&2
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		-o DPkg::Lock::Timeout=300 --no-install-recommends "${missing[@]}"
}

# Configure and build into $1 with extra cmake arguments.
build() {
	local dir=$1
	shift
	cmake -S "$here" -B "$dir" -DPOSDOCTOR_WERROR=ON "$@" >/dev/null
	cmake --build "$dir" -j"$(nproc)"
}

cmd=${1:-run}
[ $# -gt 0 ] && shift
case "$cmd" in
deps)
	install_missing "${build_pkgs[@]}"
	if [ "${1:-}" = "--test" ]; then install_missing "${test_pkgs[@]}"; fi
	;;
run)
	install_missing "${build_pkgs[@]}"
	build "$here/build"
	exec "$here/build/posdoctor" "$@"
	;;
test)
	install_missing "${build_pkgs[@]}" "${test_pkgs[@]}"
	dir="$here/build"
	extra=()
	if [ "${1:-}" = "--sanitize" ]; then
		shift
		dir="$here/build-asan"
		extra=(-DPOSDOCTOR_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo)
		export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
		export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
	fi
	build "$dir" "${extra[@]}"
	cd "$dir"
	# As root, run the suite in a network namespace of its own with only
	# loopback: no test can reach the machine's real network, and the
	# namespaces the tests create hang off this one.
	if [ "$(id -u)" -eq 0 ] && [ -z "${POSDOCTOR_TEST_NETNS:-}" ] &&
	   unshare --net true 2>/dev/null; then
		exec unshare --net env POSDOCTOR_TEST_NETNS=1 bash -c \
			'ip link set lo up && exec ctest --output-on-failure --timeout 600 "$@"' \
			ctest "$@"
	fi
	ctest --output-on-failure --timeout 600 "$@"
	;;
fuzz-build)
	install_missing "${build_pkgs[@]}" "${fuzz_pkgs[@]}"
	# A build of its own: every library instrumented (tests/fuzz/CMakeLists.txt).
	CC=clang build "${1:-$here/build-fuzz}" -DPOSDOCTOR_FUZZ=ON -DBUILD_TESTING=OFF \
		-DCMAKE_BUILD_TYPE=RelWithDebInfo
	;;
fuzz)
	exec "$here/bench/fuzz.sh" --ci "$@"
	;;
*)
	sed -n '2,13p' "$0" >&2
	exit 2
	;;
esac
