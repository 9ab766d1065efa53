#!/bin/bash
# install_purge.sh DEB - the package on a real system: `apt install ./DEB`
# grants CAP_NET_RAW through a file capability, so an ordinary user's
# `posdoctor --once --only arp` finds an address conflict on a LAN of network
# namespaces (and without that capability it cannot); the units are
# installed, not enabled; a dpkg-statoverride is respected; purging leaves
# nothing behind. Root only; it installs and purges the package for real.
set -u
DEB=$(realpath "${1:?usage: install_purge.sh posdoctor_VERSION_ARCH.deb}")
if dpkg-query -W -f='${Status}' posdoctor 2>/dev/null | grep -q installed; then
	echo "skipped: posdoctor is already installed here; not touching it"
	exit 77
fi
export BUILD_DIR=${BUILD_DIR:-/nonexistent}
. "$(dirname "$0")/../arp/lib.sh"
# The installed program must find the installed assets, not the tree's.
unset POSDOCTOR_DATADIR POSDOCTOR_CONFIG
BIN=/usr/bin/posdoctor

# Whatever happens, the machine ends without the package or an override.
pkg_cleanup() {
	dpkg-statoverride --remove "$BIN" >/dev/null 2>&1
	if dpkg-query -W -f='${Status}' posdoctor 2>/dev/null | grep -q installed; then
		apt-get purge -y -qq posdoctor >/dev/null 2>&1
	fi
}
trap 'pkg_cleanup; arp_cleanup' EXIT

# ok NAME CMD...: one assertion on a command's success.
ok() {
	local name=$1
	shift
	if "$@"; then echo "ok: $name"; else echo "FAIL: $name"; FAILS=$((FAILS + 1)); fi
}

# apt install ./DEB: what a shop does; Recommends (ieee-data) come along.
install_pkg() {
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		-o DPkg::Lock::Timeout=300 "$DEB" >"$TMP/apt.log" 2>&1 ||
		{ cat "$TMP/apt.log"; echo "FAIL: apt install $DEB"; exit 1; }
}

getent passwd posdoctor >/dev/null && echo "note: a posdoctor user exists before install"
install_pkg
ok "installed" dpkg-query -W posdoctor
caps=$(getcap "$BIN")
echo "getcap: $caps"
ok "cap_net_raw=ep on $BIN" grep -q 'cap_net_raw[=+]ep' <<<"$caps"
ok "not setuid" test ! -u "$BIN"
ok "kiosk user exists" getent passwd posdoctor
ok "assets in /usr/share/posdoctor" test -f /usr/share/posdoctor/fixes/arp.yaml
ok "example config in the docs" test -f /usr/share/doc/posdoctor/examples/posdoctor.example.yaml
ok "man page" test -f /usr/share/man/man1/posdoctor.1.gz
units=$(dpkg -L posdoctor | grep -E '^/lib/systemd/system/.*\.(service|timer)$')
ok "units installed" test -n "$units"
for u in $units; do
	case "$u" in
	*.timer)	# A timer starts its service: no path of its own.
		ok "$(basename "$u") names no /usr/local path" bash -c "! grep -q /usr/local/ '$u'" ;;
	*)
		ok "$(basename "$u") runs the packaged binary" \
			bash -c "! grep -q /usr/local/ '$u' && grep -Eq '^ExecStart=.*/usr/bin/posdoctor' '$u'" ;;
	esac
	ok "$(basename "$u") not enabled" \
		bash -c "! find /etc/systemd/system -lname '*$(basename "$u")' | grep -q ."
	if command -v systemd-analyze >/dev/null; then
		ok "$(basename "$u") passes systemd-analyze verify" \
			bash -c "out=\$(systemd-analyze verify '$u' 2>&1); [ -z \"\$out\" ] || { echo \"\$out\"; false; }"
	fi
done

# A LAN: us, the router, and an Ingenico terminal that took our address.
NET=10.83.0
lan_init
host_add us 02:00:00:00:00:0a $NET.10/24
host_add gw 02:00:00:00:00:01 $NET.1/24
host_add ing 54:e1:40:00:00:0b $NET.10/24
ip -n "$P-us" route add default via $NET.1
state="$TMP/nobody-state"
mkdir -p "$state" && chown 65534:65534 "$state"
chmod 755 "$TMP"

# as_nobody [SETPRIV-OPTS...] -- : posdoctor --once --only arp as uid 65534
# inside the us namespace; prints {"exit", "checks": {id: [status, code, summary]}}.
as_nobody() {
	local out rc
	out=$(cd / && ip netns exec "$P-us" setpriv --reuid=65534 --regid=65534 \
		--clear-groups "$@" env -i PATH=/usr/bin:/bin HOME=/nonexistent \
		XDG_STATE_HOME="$state" "$BIN" --once --only arp --format json 2>"$TMP/stderr")
	rc=$?
	python3 -c '
import json, sys
try:
    rep = json.loads(sys.argv[2])
    print(json.dumps({"exit": int(sys.argv[1]),
        "checks": {c["id"]: [c["status"], c["code"], c["summary"]] for c in rep["checks"]}}))
except ValueError:
    print(json.dumps({"exit": int(sys.argv[1]), "checks": {}, "out": sys.argv[2]}))' "$rc" "$out"
}
r=$(as_nobody)
check "uid 65534 with the file capability finds the conflict (exit 2)" "$r" \
	'r["exit"] == 2' 'r["checks"]["arp.conflict"][:2] == ["fail", "arp.conflict"]' \
	'"54:e1:40:00:00:0b" in r["checks"]["arp.conflict"][2]'
# The same program without the file attribute (a plain copy): the same
# user's ARP checks then say they lack the privilege - it was the capability.
cp "$BIN" "$TMP/posdoctor-nocap"
ok "a plain copy has no capability" test -z "$(getcap "$TMP/posdoctor-nocap")"
r=$(BIN=$TMP/posdoctor-nocap as_nobody)
check "the same user with a copy lacking the capability: skip" "$r" \
	'r["exit"] == 0' \
	'all(c[:2] == ["skip", "arp.needs_privilege"] for c in r["checks"].values())' \
	'len(r["checks"]) == 2'

# Purge: nothing of the package is left.
files=$(dpkg -L posdoctor | while read -r f; do [ -f "$f" ] && echo "$f"; done)
apt-get purge -y -qq posdoctor >"$TMP/purge.log" 2>&1 || cat "$TMP/purge.log"
ok "purged" bash -c "! dpkg-query -W -f='\${Status}' posdoctor 2>/dev/null | grep -q ."
left=$(for f in $files; do [ -e "$f" ] && echo "$f"; done)
ok "no file of the package left${left:+: $left}" test -z "$left"
ok "no /usr/share/posdoctor" test ! -e /usr/share/posdoctor
ok "no /usr/share/doc/posdoctor" test ! -e /usr/share/doc/posdoctor
ok "no /etc/posdoctor" test ! -e /etc/posdoctor
ok "no kiosk user" bash -c "! getent passwd posdoctor"
ok "no kiosk group" bash -c "! getent group posdoctor"
ok "no unit state" bash -c "! ls /var/lib/systemd/deb-systemd-helper-enabled 2>/dev/null | grep -q posdoctor"

# A local dpkg-statoverride on the binary wins over the capability.
dpkg-statoverride --add root root 0755 "$BIN"
install_pkg
ok "statoverride: no capability set" test -z "$(getcap "$BIN")"
ok "statoverride: postinst says so" grep -q 'dpkg-statoverride' "$TMP/apt.log"
apt-get purge -y -qq posdoctor >/dev/null 2>&1
dpkg-statoverride --remove "$BIN"

finish
