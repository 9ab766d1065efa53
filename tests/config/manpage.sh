#!/bin/bash
# man/posdoctor.yaml.5 renders without a single groff warning.
command -v groff >/dev/null || { echo "groff not installed"; exit 77; }
out=$(groff -man -ww -z "$SOURCE_DIR/man/posdoctor.yaml.5" 2>&1)
if [ -n "$out" ]; then
	echo "groff warnings:"
	echo "$out"
	exit 1
fi
# And in a plain ASCII terminal too (no characters it cannot show).
out=$(LC_ALL=C groff -man -ww -Tascii "$SOURCE_DIR/man/posdoctor.yaml.5" 2>&1 >/dev/null)
if [ -n "$out" ]; then
	echo "groff -Tascii warnings:"
	echo "$out"
	exit 1
fi
echo "man page clean"
