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
