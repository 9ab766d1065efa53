#!/bin/bash
# tui_setup: the setup screen end to end. A first run (no config anywhere)
# opens it; a bad payment host address shows its reason as it is typed and
# is never written; Esc writes nothing. posdoctor --setup at 40x12 in
# Chinese takes a Chinese shop name, writes the user's config file, which
# --check-config accepts and the next run (--once) uses. The c key edits an
# existing file and keeps every key the screen does not show. posdoctor
# runs in a network namespace of its own: nothing it checks leaves it.
. "$(dirname "$0")/lib.sh"
make_datadir

if [ "$(id -u)" = 0 ]; then
	NET=(unshare -n)
elif unshare -rn true 2>/dev/null; then
	NET=(unshare -rn)
else
	echo "skip: cannot make a network namespace (not root, no user namespaces)"
	exit 77
fi

mkdir -p "$WORK/home" "$WORK/run"
cd "$WORK/run" || exit 1   # no ./posdoctor.yaml here
CFG="$WORK/home/.config/posdoctor/posdoctor.yaml"
ENVS=(HOME="$WORK/home" XDG_CONFIG_HOME= POSDOCTOR_CONFIG= LC_ALL=)
CHECKLIST_RE='^\[(FAIL|WARN| OK |SKIP)\]'

# ended NAME: the program exited with a checklist status (0-2) and left the
# terminal as it found it; then the wrapper goes.
ended() {
	local line

	wait_for "$1" "FLAGS=" 15 >/dev/null || { fail "$1 did not exit"; return 1; }
	line=$(joined "$1" | grep -F "EXIT=")
	case $line in *"EXIT="[012]" STTY=same"*) ;; *) fail "$1: ended badly: $line" ;; esac
	terminal_restored "$1" || fail "$1: pane not restored"
	joined "$1" | grep -qE "Sanitizer|runtime error" && fail "$1: sanitizer report"
	tm send-keys -t "$1" Enter
}

# press NAME KEY N: KEY N times.
press() {
	local i

	for ((i = 0; i < $3; i++)); do
		tm send-keys -t "$1" "$2"
	done
}

# --- 0. Never without a terminal, never with --once or --kiosk --------------
for args in "--setup --once" "--setup --kiosk" "--setup --format json"; do
	# shellcheck disable=SC2086
	out=$(env "${ENVS[@]}" "$POSDOCTOR" $args </dev/null 2>&1 >/dev/null)
	rc=$?
	[ $rc = 3 ] && [ -n "$out" ] || fail "posdoctor $args: status $rc, '$out'"
done
out=$(env "${ENVS[@]}" "$POSDOCTOR" --setup </dev/null 2>&1 >/dev/null)
rc=$?
case $rc:$out in 3:*"needs a terminal"*) pass "--setup without a terminal says so (3)" ;;
*) fail "--setup without a terminal: status $rc, '$out'" ;; esac
# A report run without a config file asks nothing and writes nothing.
env "${ENVS[@]}" "${NET[@]}" "$POSDOCTOR" --once --only network.link >/dev/null 2>&1 </dev/null
[ -e "$WORK/home/.config" ] && fail "--once wrote a config"

# --- 1. First run, 80x24, English -----------------------------------------
start first 80 24 TERM=xterm-256color LANG=C.UTF-8 "${ENVS[@]}" \
	-- "$WORK/wrap.sh" "${NET[@]}" "$POSDOCTOR"
wait_for first "Set up posdoctor for this shop" 10 &&
	pass "a first run without a config opens the setup screen" ||
	fail "the first run did not open the setup screen"
wait_for first "Saves to $CFG" 2 && pass "the screen says where it will write" ||
	fail "the screen does not say where it writes"
press first Tab 2
tm send-keys -t first -l "https://pay.shop.test/pay"
wait_for first "This is a web address: write only pay.shop.test here." 5 &&
	pass "a web address is refused as it is typed, with the reason" ||
	fail "no reason shown for a web address"
check_width first 80 || fail "first: a line is wider than 80 columns"
# Save anyway (port, connection, save): nothing is written.
press first Tab 3
tm send-keys -t first Enter
wait_for first "Nothing was written: correct the fields marked above first." 5 &&
	pass "saving with a bad address writes nothing and says so" ||
	fail "no answer to saving with a bad address"
[ -e "$CFG" ] && fail "a config was written with a bad address"
# Put it right (the focus went back to the address): every field could be
# saved now, and Esc still writes nothing.
tm send-keys -t first C-u
tm send-keys -t first -l "pay.shop.test"
wait_for first "✓ Looks right." 5 || fail "the corrected address is not accepted"
tm send-keys -t first Escape
wait_re first "$CHECKLIST_RE" 15 && pass "Esc goes to the checklist" ||
	fail "Esc did not leave the setup screen"
wait_for first "Setup closed: nothing was written" 5 ||
	fail "no word that Esc wrote nothing"
if [ -e "$CFG" ] || [ -e "$WORK/home/.config" ]; then
	fail "Esc wrote something: $(find "$WORK/home" -mindepth 1)"
else
	pass "Esc wrote nothing"
fi
tm send-keys -t first q
ended first

# --- 2. --setup, 40x12, Chinese, a Chinese shop name ------------------------
start zh 40 12 TERM=xterm-256color LANG=zh_CN.UTF-8 "${ENVS[@]}" \
	-- "$WORK/wrap.sh" "${NET[@]}" "$POSDOCTOR" --setup
wait_for zh "店铺名称" 10 && pass "--setup opens the screen in Chinese" ||
	fail "--setup did not open the Chinese setup screen"
tm send-keys -t zh -l "街角咖啡"
wait_for zh "街角咖啡_" 5 && pass "a Chinese shop name is typed in" ||
	fail "the Chinese shop name did not arrive"
tm send-keys -t zh Tab
tm send-keys -t zh -l "T-0042"
tm send-keys -t zh Tab
tm send-keys -t zh -l "pay.shop.test:8443"
wait_for zh "不要带 :8443" 5 && pass "an address with a port gets its reason, in Chinese" ||
	fail "no Chinese reason for an address with a port"
check_width zh 40 || fail "zh: a line is wider than 40 columns"
press zh BSpace 5
wait_for zh "格式正确。" 5 && pass "the address passes once the port is gone" ||
	fail "the corrected address is not accepted"
tm send-keys -t zh Tab C-u
tm send-keys -t zh -l "8443"
tm send-keys -t zh Tab
# One Right at a time, each one waited for: keys sent faster than a slow
# (sanitizer) build paints step past the choice to the serial ports.
for ((i = 0; i < 10; i++)); do
	screen zh | grep -qF "通过网络连接" && break
	before=$(screen zh)
	tm send-keys -t zh Right
	for ((j = 0; j < 60; j++)); do
		[ "$(screen zh)" != "$before" ] && break
		sleep 0.05
	done
done
wait_for zh "通过网络连接" 2 || fail "no 'on the network' choice"
tm send-keys -t zh Tab
tm send-keys -t zh -l "127.0.0.1"
tm send-keys -t zh Tab Enter
wait_for zh "已保存" 10 && pass "saved" || fail "the Chinese setup did not save"
check_width zh 40 || fail "zh: the saved page is wider than 40 columns"
if [ -f "$CFG" ]; then
	pass "the config is in the user's folder"
	out=$("$POSDOCTOR" --check-config "$CFG" 2>&1)
	rc=$?
	[ $rc = 0 ] && pass "--check-config accepts it" ||
		fail "--check-config refused what the screen wrote ($rc): $out"
	grep -qF '街角咖啡' "$CFG" || fail "the shop name is not in the file"
else
	fail "no file at $CFG"
fi
tm send-keys -t zh x
wait_for zh "街角咖啡" 10 && wait_re zh "$CHECKLIST_RE" 15 &&
	pass "the checklist runs again with the new shop name" ||
	fail "the checklist does not show the new config"
tm send-keys -t zh q
ended zh

# --- 3. The next run uses it -------------------------------------------------
env "${ENVS[@]}" POSDOCTOR_DATADIR="$POSDOCTOR_DATADIR" "${NET[@]}" "$POSDOCTOR" --once \
	--format json --only network.host,network.https,serial.port >"$WORK/next.json" 2>"$WORK/next.err"
python3 - "$WORK/next.json" <<'PY' && pass "the next run uses the written config" || fail "the next run does not use it: $(head -c 400 "$WORK/next.err")"
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
checks = {c["id"]: c for c in r["checks"]}
assert r["site"]["name"] == "街角咖啡", r["site"]
assert r["site"]["terminal_id"] == "T-0042", r["site"]
assert "network.host:acquirer" in checks, sorted(checks)
assert "network.https:acquirer" not in checks, "port 8443 is not https by default"
assert "network.host:terminal" in checks, sorted(checks)
t = checks["network.host:terminal"]["title"]
assert t == "Card terminal reachable on the network", t
assert checks["serial.port"]["code"] == "serial.not_used", checks["serial.port"]
PY

# --- 4. The c key on a hand-written file: other keys stay, a backup is kept --
cat > "$WORK/shop.yaml" <<'YAML'
# written by hand
site: {name: Old Cafe, helpdesk: "0800 123 456"}
network:
  count: 3
  hosts:
    - {name: bank, address: pay.old.test, port: 443, path: /health}
YAML
cp "$WORK/shop.yaml" "$WORK/shop.orig"
start key 80 24 TERM=xterm-256color LANG=C.UTF-8 "${ENVS[@]}" \
	-- "$WORK/wrap.sh" "${NET[@]}" "$POSDOCTOR" -c "$WORK/shop.yaml" --only network.link
wait_re key "$CHECKLIST_RE" 15 || fail "key: no checklist"
screen key | grep -qF "Set up posdoctor" && fail "the setup screen opened though a config was given"
tm send-keys -t key c
wait_for key "Old Cafe_" 5 && pass "c opens the screen filled from the file" ||
	fail "c did not open the filled screen"
wait_for key "pay.old.test" 2 || fail "the payment host is not filled in"
tm send-keys -t key C-u
tm send-keys -t key -l "New Cafe"
press key Enter 6
wait_for key "Saved in $WORK/shop.yaml." 10 && pass "saved where -c points" ||
	fail "not saved to the -c file"
wait_for key "The file as it was is kept in $WORK/shop.yaml.bak." 2 ||
	fail "no word of the backup"
cmp -s "$WORK/shop.yaml.bak" "$WORK/shop.orig" && pass "the hand-written file is kept as .bak" ||
	fail "the backup differs from the original"
"$POSDOCTOR" --check-config "$WORK/shop.yaml" >/dev/null 2>&1 || fail "key: --check-config refused it"
for want in 'name: "New Cafe"' 'helpdesk: "0800 123 456"' 'count: 3' 'path: /health' \
	'name: bank'; do
	grep -qF -- "$want" "$WORK/shop.yaml" || fail "key: '$want' is gone from the file"
done
tm send-keys -t key x
wait_for key "New Cafe" 5 && pass "the header shows the new name" || fail "key: old name shown"
tm send-keys -t key q
ended key

exit $FAILED
