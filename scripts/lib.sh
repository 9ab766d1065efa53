# lib.sh - shell helpers shared by scripts/dev.sh and scripts/package.sh
# (sourced, bash).

# Run a command as root: directly, or through sudo when we are not root.
as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		echo "${0##*/}: need root for: $*; run as root or install sudo" >&2
		exit 1
	fi
}

# apt-get update, tried again after a pause when it fails: a mirror in the
# middle of its sync serves index files that do not match its Release file
# ("File has unexpected size"). Returns 1 after three failures, with the
# architectures whose lists failed in APT_FAILED_ARCHES (e.g. "armhf").
APT_FAILED_ARCHES=
apt_update() {
	local try err
	err=$(mktemp) || return 1
	for try in 1 2 3; do
		if as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
			-o Acquire::Retries=3 "$@" 2>"$err"; then
			cat "$err" >&2
			rm -f "$err"
			return 0
		fi
		cat "$err" >&2
		[ "$try" = 3 ] && break
		echo "${0##*/}: apt-get update failed (try $try of 3); trying again in 20 s" >&2
		sleep 20
	done
	APT_FAILED_ARCHES=$(grep -o 'binary-[a-z0-9]*/' "$err" | sed 's/^binary-//; s/\/$//' |
		sort -u | tr '\n' ' ' | sed 's/ $//')
	rm -f "$err"
	echo "${0##*/}: apt-get update failed 3 times${APT_FAILED_ARCHES:+ (lists for $APT_FAILED_ARCHES)}" >&2
	return 1
}
