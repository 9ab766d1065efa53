#!/usr/bin/env bash
# test_install.sh - `cmake --install` lays out binary, man pages and assets in
# GNUInstallDirs places, and the installed binary finds its assets.
set -u
fails=0
pass=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset POSDOCTOR_DATADIR POSDOCTOR_CONFIG

check() { # NAME CONDITION...
	local name=$1
	shift
	if "$@"; then pass=$((pass + 1)); else echo "FAIL $name"; fails=$((fails + 1)); fi
}

cmake --install "$BUILD_DIR" --prefix "$tmp/prefix" >"$tmp/log" 2>&1 || { cat "$tmp/log"; exit 1; }
check binary test -x "$tmp/prefix/bin/posdoctor"
check man1 test -f "$tmp/prefix/share/man/man1/posdoctor.1"
check fixes test -d "$tmp/prefix/share/posdoctor/fixes"
check strings test -d "$tmp/prefix/share/posdoctor/strings"

# Run from an empty folder, so nothing but the install layout can be found.
mkdir "$tmp/cwd"
cd "$tmp/cwd" || exit 1
HOME=$tmp XDG_CONFIG_HOME=$tmp/xdg "$tmp/prefix/bin/posdoctor" --once --only power >"$tmp/out" 2>&1
rc=$?
check installed-runs test "$rc" -ne 3
[ "$rc" -eq 3 ] && cat "$tmp/out"
# Moved elsewhere, it still finds its assets relative to itself.
mv "$tmp/prefix" "$tmp/moved"
HOME=$tmp XDG_CONFIG_HOME=$tmp/xdg "$tmp/moved/bin/posdoctor" --once --only power >"$tmp/out" 2>&1
rc=$?
check relocated-runs test "$rc" -ne 3
[ "$rc" -eq 3 ] && cat "$tmp/out"
echo "$pass passed, $fails failed"
[ "$fails" -eq 0 ]
