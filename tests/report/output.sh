# output.sh - -o FILE: written atomically (temp file + rename), mode 0644,
# no temp file left; when it cannot be written: exit 3, a message, and the
# old file untouched (read-only and full file systems in a private mount
# namespace as root; a read-only folder otherwise).
. "$SOURCE_DIR/tests/report/lib.sh"

all=test.quick,test.warn,test.fail,test.after_fail,test.slow
mkdir "$tmp/outdir"

# Replaces an existing file; the exit code still reports the checks.
echo old > "$tmp/outdir/report.json"
saved_umask=$(umask)
umask 077   # the report is 0644 whatever the umask
pd --once --only "$all" --format json -o "$tmp/outdir/report.json"
umask "$saved_umask"
expect_rc 2 "json to file"
[ -s "$tmp/out" ] && fail "stdout not empty with -o"
python3 "$here/check_json.py" once < "$tmp/outdir/report.json" || fail "saved json"
[ "$(stat -c %a "$tmp/outdir/report.json")" = 644 ] || fail "mode $(stat -c %a "$tmp/outdir/report.json")"
[ "$(ls -A "$tmp/outdir")" = report.json ] || fail "left behind: $(ls -A "$tmp/outdir")"

pd --once --only test.quick --format prometheus -o "$tmp/outdir/pd.prom"
expect_rc 0 "prometheus to file"
python3 "$here/prom_check.py" < "$tmp/outdir/pd.prom" || fail "saved prometheus"

pd --once --only test.warn -o "$tmp/outdir/report.txt"
expect_rc 1 "text to file"
has "$tmp/outdir/report.txt" "[WARN]" "saved text"
if grep -q $'\033' "$tmp/outdir/report.txt"; then fail "colour in a file"; fi
[ "$(ls -A "$tmp/outdir" | tr '\n' ' ')" = "pd.prom report.json report.txt " ] ||
	fail "left behind: $(ls -A "$tmp/outdir")"

# A folder that does not exist.
pd --once --only test.quick -o "$tmp/nosuch/report.txt"
expect_rc 3 "missing folder"
has "$tmp/err" "$tmp/nosuch/report.txt" "missing folder message"
[ -e "$tmp/nosuch" ] && fail "missing folder created"

# The target is a folder.
mkdir "$tmp/outdir/adir"
pd --once --only test.quick -o "$tmp/outdir/adir"
expect_rc 3 "target is a folder"
[ -d "$tmp/outdir/adir" ] || fail "folder replaced"

# A FIFO (or a device) is written into, never replaced by a regular file.
mkfifo "$tmp/outdir/fifo"
cat "$tmp/outdir/fifo" > "$tmp/fromfifo" &
reader=$!
pd --once --only test.quick -o "$tmp/outdir/fifo"
expect_rc 0 "report into a FIFO"
wait $reader
[ -p "$tmp/outdir/fifo" ] || fail "FIFO replaced by a file"
has "$tmp/fromfifo" "[ OK ]" "report read from the FIFO"
rm -f "$tmp/outdir/fifo"

# A dangling symlink is an error; the link stays as it was.
ln -s "$tmp/nosuch/x" "$tmp/outdir/dangling"
pd --once --only test.quick -o "$tmp/outdir/dangling"
expect_rc 3 "dangling symlink"
[ -L "$tmp/outdir/dangling" ] || fail "dangling symlink replaced"
rm -f "$tmp/outdir/dangling"

# unwritable PATH OLDFILE WHAT: writing must fail with exit 3, a message,
# the old file as it was and no temp file beside it.
unwritable() {
	local before
	before=$(ls -A "$(dirname "$1")" | tr '\n' ' ')
	pd --once --only "$all" --format json -o "$1"
	expect_rc 3 "$2"
	has "$tmp/err" "cannot write $1" "$2 message"
	[ "$(cat "$1")" = old ] || fail "$2: old file changed"
	[ "$(ls -A "$(dirname "$1")" | tr '\n' ' ')" = "$before" ] ||
		fail "$2: folder now holds $(ls -A "$(dirname "$1")")"
}

if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
	# Root ignores permissions: use a private mount namespace with a small
	# tmpfs, first read-only, then full.
	mkdir "$tmp/mnt"
	export -f unwritable pd expect_rc has fail
	export tmp all here failures
	set +e
	unshare -m --propagation private bash -euc '
		mount -t tmpfs -o size=64k,mode=755 report_test "$tmp/mnt"
		echo old > "$tmp/mnt/report.json"
		mount -o remount,ro "$tmp/mnt"
		unwritable "$tmp/mnt/report.json" "read-only file system"
		has "$tmp/err" "Read-only file system" "EROFS named"
		mount -o remount,rw "$tmp/mnt"
		dd if=/dev/zero of="$tmp/mnt/fill" bs=4k 2>/dev/null || true
		unwritable "$tmp/mnt/report.json" "full file system"
		has "$tmp/err" "No space left on device" "ENOSPC named"
		exit "$failures"'
	n=$?
	set -e
	failures=$((failures + n))
	grep -q report_test /proc/mounts && fail "tmpfs leaked into the parent namespace"
elif [ "$(id -u)" != 0 ]; then
	mkdir "$tmp/ro"
	echo old > "$tmp/ro/report.json"
	chmod 555 "$tmp/ro"
	unwritable "$tmp/ro/report.json" "read-only folder"
	chmod 755 "$tmp/ro"
else
	echo "note: root without unshare -m: unwritable-path cases not run"
fi

finish
