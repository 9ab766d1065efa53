#!/bin/bash
# posdoctor --check-config over every fixture: a file with a .expected twin
# must print exactly those lines and exit 3; any other must print
# "FILE: valid" and exit 0. Also the shipped example config must be valid.
set -u
fixtures="$SOURCE_DIR/tests/config/fixtures"
fail=0
cd "$fixtures" || exit 1
for f in *.yaml; do
	expected="${f%.yaml}.expected"
	out=$("$POSDOCTOR" --check-config "$f" 2>&1)
	rc=$?
	if [ -f "$expected" ]; then
		want=$(cat "$expected")
		want_rc=3
	else
		want="$f: valid"
		want_rc=0
	fi
	if [ "$rc" -ne "$want_rc" ] || [ "$out" != "$want" ]; then
		echo "FAIL $f: exit $rc (want $want_rc)"
		diff <(printf '%s\n' "$want") <(printf '%s\n' "$out")
		fail=1
	fi
done

# Every line of every .expected is FILE:LINE:COLUMN: message with LINE >= 1
# (a file-level problem would say 0:0, but none of these is one).
if grep -vhE '^[a-z_0-9/-]+\.yaml:[1-9][0-9]*:[1-9][0-9]*: .+' ./*.expected; then
	echo "FAIL: a line above is not FILE:LINE:COLUMN: message"
	fail=1
fi

# Problems go to stderr, "valid" to stdout.
if [ -n "$("$POSDOCTOR" --check-config wrong_type.yaml 2>/dev/null)" ]; then
	echo "FAIL: problems printed on stdout"
	fail=1
fi
if [ "$("$POSDOCTOR" --check-config empty.yaml 2>/dev/null)" != "empty.yaml: valid" ]; then
	echo "FAIL: 'valid' not on stdout"
	fail=1
fi

# A file that does not exist, and a folder: named, exit 3.
out=$("$POSDOCTOR" --check-config does-not-exist.yaml 2>&1); rc=$?
if [ "$rc" -ne 3 ] || [ "$out" != "does-not-exist.yaml:0:0: cannot open: No such file or directory" ]; then
	echo "FAIL missing file: exit $rc: $out"
	fail=1
fi
out=$("$POSDOCTOR" --check-config . 2>&1); rc=$?
if [ "$rc" -ne 3 ] || [ "$out" != ".:0:0: cannot read: Is a directory" ]; then
	echo "FAIL folder: exit $rc: $out"
	fail=1
fi

# The shipped example documents every key with its default: it must load.
out=$("$POSDOCTOR" --check-config "$SOURCE_DIR/assets/posdoctor.example.yaml" 2>&1); rc=$?
if [ "$rc" -ne 0 ]; then
	echo "FAIL example config: exit $rc"
	echo "$out"
	fail=1
fi

# A broken config stops a normal run too, with exit 3 and the same message.
out=$("$POSDOCTOR" --once --config wrong_type.yaml 2>&1); rc=$?
if [ "$rc" -ne 3 ] || [ "$out" != "$(cat wrong_type.expected)" ]; then
	echo "FAIL --config with a broken file: exit $rc: $out"
	fail=1
fi
[ "$fail" -eq 0 ] && echo "all fixtures as expected"
exit "$fail"
