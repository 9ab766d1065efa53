#!/usr/bin/env bash
# test_manpages.sh - the man pages render with no groff warnings, and every
# long option of --help is documented in posdoctor(1).
set -u
fails=0
pass=0
for page in "$SOURCE_DIR"/man/*.[1-8]; do
	out=$(groff -man -ww -z "$page" 2>&1)
	if [ -n "$out" ]; then
		echo "FAIL $(basename "$page"): groff warnings:"; echo "$out"
		fails=$((fails + 1))
	else
		pass=$((pass + 1))
	fi
done
for opt in $("$POSDOCTOR" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
	if grep -q -- "$(printf '%s' "$opt" | sed 's/-/\\\\-/g')" "$SOURCE_DIR/man/posdoctor.1"; then
		pass=$((pass + 1))
	else
		echo "FAIL option $opt is not in man/posdoctor.1"
		fails=$((fails + 1))
	fi
done
echo "$pass passed, $fails failed"
[ "$fails" -eq 0 ]
