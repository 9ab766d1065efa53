#!/bin/bash
# SPEC §1 config search order, by running the program: -c FILE, then
# $POSDOCTOR_CONFIG, ./posdoctor.yaml, $XDG_CONFIG_HOME/posdoctor/posdoctor.yaml
# (else ~/.config/posdoctor/posdoctor.yaml), /etc/posdoctor/posdoctor.yaml.
# Each candidate holds a different unknown key, so the error names the file
# that was read. /etc is never written: the test only notes whether it exists.
set -u
tmp=$(mktemp -d /tmp/config_search.XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0

mkdir -p "$tmp/cwd" "$tmp/home/.config/posdoctor" "$tmp/xdg/posdoctor" "$tmp/other"
printf 'from_cli: 1\n' > "$tmp/other/cli.yaml"
printf 'from_env: 1\n' > "$tmp/other/env.yaml"
printf 'from_cwd: 1\n' > "$tmp/cwd/posdoctor.yaml"
printf 'from_xdg: 1\n' > "$tmp/xdg/posdoctor/posdoctor.yaml"
printf 'from_home: 1\n' > "$tmp/home/.config/posdoctor/posdoctor.yaml"

# Run the test build (its test.quick check needs no hardware) with a clean
# environment, from the temp cwd. Prints stderr; exit status in $rc.
run() {
	out=$(cd "$tmp/cwd" && env -i PATH="$PATH" HOME="$tmp/home" "$@" \
		"$POSDOCTOR_TEST" --once --only test.quick 2>&1 >/dev/null)
	rc=$?
}

# expect WANT_RC WANT_SUBSTRING DESCRIPTION
expect() {
	if [ "$rc" -ne "$1" ] || [[ "$out" != *"$2"* ]]; then
		echo "FAIL $3: exit $rc (want $1), output: $out (want: $2)"
		fail=1
	fi
}

run POSDOCTOR_CONFIG="$tmp/other/env.yaml" XDG_CONFIG_HOME="$tmp/xdg"
expect 3 "$tmp/other/env.yaml:1:1: unknown key 'from_env'" '$POSDOCTOR_CONFIG first'

out=$(cd "$tmp/cwd" && env -i PATH="$PATH" HOME="$tmp/home" POSDOCTOR_CONFIG="$tmp/other/env.yaml" \
	"$POSDOCTOR_TEST" --once --only test.quick -c "$tmp/other/cli.yaml" 2>&1 >/dev/null)
rc=$?
expect 3 "$tmp/other/cli.yaml:1:1: unknown key 'from_cli'" '-c beats $POSDOCTOR_CONFIG'

run POSDOCTOR_CONFIG="$tmp/other/missing.yaml"
expect 3 "$tmp/other/missing.yaml:0:0: cannot open: No such file or directory" \
	'a missing $POSDOCTOR_CONFIG is an error, not skipped'

run XDG_CONFIG_HOME="$tmp/xdg"
expect 3 "posdoctor.yaml:1:1: unknown key 'from_cwd'" './posdoctor.yaml before XDG'
[[ "$out" == posdoctor.yaml:* ]] || { echo "FAIL cwd file named '$out'"; fail=1; }

mv "$tmp/cwd/posdoctor.yaml" "$tmp/cwd/off.yaml"
run XDG_CONFIG_HOME="$tmp/xdg"
expect 3 "$tmp/xdg/posdoctor/posdoctor.yaml:1:1: unknown key 'from_xdg'" '$XDG_CONFIG_HOME next'

run
expect 3 "$tmp/home/.config/posdoctor/posdoctor.yaml:1:1: unknown key 'from_home'" \
	'~/.config without $XDG_CONFIG_HOME'

# With $XDG_CONFIG_HOME set, ~/.config is not looked at (XDG base dirs).
rm "$tmp/xdg/posdoctor/posdoctor.yaml"
if [ -e /etc/posdoctor/posdoctor.yaml ]; then
	echo "note: /etc/posdoctor/posdoctor.yaml exists; the cases without a file are skipped"
else
	run XDG_CONFIG_HOME="$tmp/xdg"
	expect 0 "" 'no file: built-in defaults (XDG set, ~/.config ignored)'
	[ -z "$out" ] || { echo "FAIL defaults run printed: $out"; fail=1; }

	rm "$tmp/home/.config/posdoctor/posdoctor.yaml"
	run
	expect 0 "" 'no file anywhere: built-in defaults'
	[ -z "$out" ] || { echo "FAIL defaults run printed: $out"; fail=1; }
fi

# A valid file is used, not merely found: its language reaches the run.
mv "$tmp/cwd/off.yaml" "$tmp/cwd/posdoctor.yaml"
printf 'language: zh_CN\nsite: {name: Test}\n' > "$tmp/cwd/posdoctor.yaml"
run
expect 0 "" 'a valid ./posdoctor.yaml'
[ "$fail" -eq 0 ] && echo "search order as in SPEC §1"
exit "$fail"
