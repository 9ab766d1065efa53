# system_e2e: the real program on real things (root): a small tmpfs filled
# to the last byte (system.disk_full), the same remounted read-only
# (system.disk_readonly), a folder that does not exist (system.path_missing),
# and a till process started and killed (system.till).
set -u
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

[ "$(id -u)" = 0 ] || skip "needs root to mount a tmpfs"
: "${POSDOCTOR:?POSDOCTOR is not set}"
# Mounts stay in a private mount namespace: re-run inside one.
if [ -z "${PD_SYSTEM_NS:-}" ]; then
	command -v unshare >/dev/null || skip "needs unshare"
	PD_SYSTEM_NS=1 exec unshare -m --propagation private bash "$0" "$@"
fi

WORK=$(mktemp -d /tmp/pdsys$$.XXXXXX)
TILL_PID=
cleanup() {
	local rc=$?
	[ -n "$TILL_PID" ] && kill "$TILL_PID" 2>/dev/null && wait "$TILL_PID" 2>/dev/null
	umount "$WORK/disk" 2>/dev/null
	rm -rf "$WORK"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# pd CONFIG OUT ONLY: posdoctor --once --format json; PD_RC its exit status.
pd() {
	PD_RC=0
	LANG=C.UTF-8 "$POSDOCTOR" --once --only "$3" --format json --config "$1" \
		>"$2" 2>"$2.err" || PD_RC=$?
	[ -s "$2" ] || { cat "$2.err"; fail "no report (exit $PD_RC)"; }
}

# check OUT EXPR...: python assertions over the report (c(id), m(id)).
check() {
	local out=$1
	shift
	python3 - "$out" "$@" <<'PY' || fail "assertion failed on $out"
import json, sys
rep = json.load(open(sys.argv[1]))
checks = {c["id"]: c for c in rep["checks"]}
c = lambda i: checks[i]
m = lambda i: checks[i].get("metrics", {})
ok = True
for e in sys.argv[2:]:
    try:
        v = eval(e)
    except Exception as x:
        v = False
        print("ERROR", e, x)
    print("%s: %s" % ("ok  " if v else "FAIL", e))
    ok = ok and bool(v)
if not ok:
    print(json.dumps(rep, indent=1, ensure_ascii=False))
sys.exit(0 if ok else 1)
PY
}

# A 2 MB tmpfs, filled until the kernel says no space is left.
mkdir "$WORK/disk"
mount -t tmpfs -o size=2m,nr_inodes=1000 pdtest "$WORK/disk" || skip "cannot mount a tmpfs"
printf 'system:\n  paths: [%s]\n' "$WORK/disk" >"$WORK/disk.yaml"
pd "$WORK/disk.yaml" "$WORK/empty.json" system.disk
check "$WORK/empty.json" \
	'c("system.disk")["code"] in ("system.ok", "system.disk_low", "system.disk_full")' \
	'any("'"$WORK"'/disk: 2 MB free" in d for d in c("system.disk")["detail"])'
dd if=/dev/zero of="$WORK/disk/fill" bs=64k 2>/dev/null
pd "$WORK/disk.yaml" "$WORK/full.json" system.disk
check "$WORK/full.json" \
	'c("system.disk")["code"] == "system.disk_full"' \
	'c("system.disk")["status"] == "fail"' \
	'"'"$WORK"'/disk" in c("system.disk")["summary"] or c("system.disk")["summary"].find("/") >= 0' \
	'any("'"$WORK"'/disk: 0 kB free (0.0%)" in d for d in c("system.disk")["detail"])'
[ "$PD_RC" = 2 ] || fail "disk full: exit $PD_RC, want 2"

# Free it, then remount read-only, as the kernel does after disk errors.
rm -f "$WORK/disk/fill"
mount -o remount,ro "$WORK/disk" || fail "remount ro"
pd "$WORK/disk.yaml" "$WORK/ro.json" system.disk
check "$WORK/ro.json" \
	'c("system.disk")["code"] == "system.disk_readonly"' \
	'"pdtest" in c("system.disk")["summary"]' \
	'any("READ-ONLY" in d and "'"$WORK"'/disk" in d for d in c("system.disk")["detail"])'
mount -o remount,rw "$WORK/disk" || fail "remount rw"

# inodes: 1000 at most on this tmpfs; use them all.
i=0
while : >"$WORK/disk/f$i" 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 5000 ] || fail "tmpfs took more than 5000 files"
done
pd "$WORK/disk.yaml" "$WORK/inodes.json" system.disk
check "$WORK/inodes.json" \
	'c("system.disk")["code"] == "system.disk_full"'
rm -f "$WORK"/disk/f*

printf 'system:\n  paths: [%s/nowhere]\n' "$WORK" >"$WORK/missing.yaml"
pd "$WORK/missing.yaml" "$WORK/missing.json" system.disk
check "$WORK/missing.json" \
	'c("system.disk")["code"] in ("system.path_missing", "system.disk_low", "system.disk_full")' \
	'any("nowhere" in d for d in c("system.disk")["detail"])'

# The till: a program of our own under a name of its own.
cp "$(command -v sleep)" "$WORK/pdtill$$"
TILL="pdtill$$"
TILL="${TILL:0:15}"
printf 'system:\n  till_process: %s\n  thresholds: {till_min_uptime_s: 0}\n' "$TILL" >"$WORK/till.yaml"
"$WORK/pdtill$$" 300 &
TILL_PID=$!
sleep 0.2
pd "$WORK/till.yaml" "$WORK/till.json" system.till
check "$WORK/till.json" \
	'c("system.till")["code"] == "system.ok"' \
	'm("system.till")["processes"] == 1' \
	'any("pid '"$TILL_PID"' " in d for d in c("system.till")["detail"])' \
	'm("system.till")["till_uptime_s"] < 30'
# Just started on a PC up for more than the grace after boot: restarted.
up=$(cut -d. -f1 /proc/uptime)
if [ "$up" -gt 400 ]; then
	printf 'system:\n  till_process: %s\n' "$TILL" >"$WORK/till2.yaml"
	pd "$WORK/till2.yaml" "$WORK/restart.json" system.till
	check "$WORK/restart.json" \
		'c("system.till")["code"] == "system.till_restarting"' \
		'c("system.till")["status"] == "warn"'
else
	echo "# PC up only $up s: restart case not judged"
fi
kill "$TILL_PID"
wait "$TILL_PID" 2>/dev/null
TILL_PID=
pd "$WORK/till.yaml" "$WORK/gone.json" system.till
check "$WORK/gone.json" \
	'c("system.till")["code"] == "system.till_not_running"' \
	'c("system.till")["status"] == "fail"' \
	'"'"$TILL"'" in c("system.till")["summary"]'
[ "$PD_RC" = 2 ] || fail "till gone: exit $PD_RC, want 2"

# Without system.till_process the check does not appear.
printf 'system: {}\n' >"$WORK/none.yaml"
pd "$WORK/none.yaml" "$WORK/none.json" system
check "$WORK/none.json" '"system.till" not in checks' '"system.disk" in checks'
echo "system_e2e: ok"
