#!/usr/bin/env bash
# test_manpages.sh - the man pages render with no groff warnings, every
# long option of --help is documented in posdoctor(1), every module --only
# knows is named there and in --help, and --help fits 80 columns.
set -u
fails=0
pass=0
for page in "$SOURCE_DIR"/man/*.[1-8]; do
	out=$(groff -man -ww -z "$page" 2>&1; groff -man -ww -z -Tascii "$page" 2>&1; groff -man -ww -z -Tutf8 "$page" 2>&1)
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
# Every module --only knows (its error lists them) is named by --help and
# in posdoctor(1)'s --only.
modules=$("$POSDOCTOR" --once --only no.such.module 2>&1 >/dev/null |
	sed -n 's/.*(modules: \([^;]*\);.*/\1/p' | tr -d ',')
[ -n "$modules" ] || { echo "FAIL no module list in the --only error"; fails=$((fails + 1)); }
help_only=$("$POSDOCTOR" --help | sed -n '/--only/,/--format/p')
man_only=$(sed -n '/^\.BI \\-\\-only/,/^\.TP/p' "$SOURCE_DIR/man/posdoctor.1")
for m in $modules; do
	if grep -qw -- "$m" <<<"$help_only" && grep -Eq -- "^\.(BR|RB) (\( )?$m\b" <<<"$man_only"; then
		pass=$((pass + 1))
	else
		echo "FAIL module $m is not named for --only in --help or man/posdoctor.1"
		fails=$((fails + 1))
	fi
done
# --help fits an 80-column terminal.
long=$("$POSDOCTOR" --help | awk 'length > 80')
if [ -z "$long" ]; then
	pass=$((pass + 1))
else
	echo "FAIL --help lines over 80 columns:"; echo "$long"
	fails=$((fails + 1))
fi
echo "$pass passed, $fails failed"
[ "$fails" -eq 0 ]
