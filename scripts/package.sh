#!/usr/bin/env bash
# package.sh - build posdoctor's Debian packages for a shop PC (amd64) and
# Raspberry Pi (arm64, armhf), check them, and test installing one.
#
#   scripts/package.sh [all]               deps, build + lintian for amd64 arm64 armhf
#   scripts/package.sh deps [ARCH...]      install what building for ARCH needs
#   scripts/package.sh build ARCH [--nocheck]
#                                          .debs into build-deb/ARCH/ (cross for a
#                                          foreign ARCH; unit tests run under qemu-user)
#   scripts/package.sh lintian ARCH        lintian on build-deb/ARCH/*.changes
#   scripts/package.sh install-test [DEB]  apt install, ARP as an ordinary user
#                                          through the file capability, purge
#   scripts/package.sh ci                  what CI runs (amd64 without its unit tests,
#                                          which the CI suite already ran)
#
# For Debian 12. Run as root or with sudo for the package installs.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$here/build-deb
native=$(dpkg --print-architecture)

. "$here/scripts/lib.sh"

# apt-get as root, non-interactive, waiting for a busy package lock.
apt_get() {
	as_root env DEBIAN_FRONTEND=noninteractive apt-get -y -qq \
		-o DPkg::Lock::Timeout=300 --no-install-recommends "$@"
}

# The qemu-user emulator that runs ARCH's binaries (empty when native).
qemu_for() {
	case "$1" in
	"$native") ;;
	arm64) echo qemu-aarch64-static ;;
	armhf) echo qemu-arm-static ;;
	i386) echo qemu-i386-static ;;
	*) echo "package.sh: no emulator known for $1" >&2; return 1 ;;
	esac
}

# Foreign architectures left out because the mirror cannot serve what
# building for them needs (deps), each with why; ci reports them and
# builds the rest.
declare -A WHY=()

# Whether ARCH is one of them.
unavailable() {
	[ -n "${WHY[$1]:-}" ]
}

# apt-get update; when the lists of some foreign architectures fail (a
# mirror out of step with its Release file), fetch again without them, so
# the others can still be built, and leave them out (WHY).
update_lists() {
	local a keep=(-o "APT::Architectures::=$native")
	apt_update && return 0
	for a in "$@"; do
		[ "$a" = "$native" ] && continue
		if [[ " $APT_FAILED_ARCHES " == *" $a "* ]]; then
			WHY[$a]="the mirror's package lists for $a do not match its Release file"
		else
			keep+=(-o "APT::Architectures::=$a")
		fi
	done
	[ ${#WHY[@]} -gt 0 ] || return 1
	echo "package.sh: fetching the lists again without ${!WHY[*]}" >&2
	apt_update "${keep[@]}"
}

# Whether ARCH's build dependencies cannot be installed because the
# mirror's lists for ARCH lag behind the native ones: a Multi-Arch: same
# library (libssl3, linux-libc-dev, ...) must be the same version for
# every architecture, and the native one installed here is a version the
# lists for ARCH do not have (a security update not yet there for ARCH).
# Prints one line per such library; false when the cause is anything else
# (say, a Build-Depends that does not exist for ARCH), which must fail.
mirror_skew() {
	local arch=$1 pkg ver versions newest found=1
	while read -r pkg; do
		ver=$(dpkg-query -W -f '${Status} ${Multi-Arch} ${Version}\n' "$pkg:$native" 2>/dev/null |
			awk '$3 == "installed" && $4 == "same" { print $5 }')
		[ -n "$ver" ] || continue
		# The versions the lists for ARCH offer, newest first.
		versions=$(apt-cache madison "$pkg:$arch" 2>/dev/null | awk -F' *[|] *' '{ print $2 }')
		grep -qxF -- "$ver" <<<"$versions" && continue
		newest=${versions%%$'\n'*}
		echo "$pkg is $ver for $native; the lists for $arch have ${newest:-no version}"
		found=0
	done < <(apt-get -s -a "$arch" build-dep "$here" 2>&1 |
		sed -n "s/.*Depends: \([^ :]*\):$arch.* but it is not installable.*/\1/p" | sort -u)
	return "$found"
}

# Install the tools and debian/control's Build-Depends for each ARCH:
# the multiarch :ARCH -dev packages and its cross toolchain when foreign.
deps() {
	local a skew need_update=0 foreign=()
	[ $# -eq 0 ] && set -- "$native" arm64 armhf
	for a in "$@"; do
		if [ "$a" != "$native" ]; then
			foreign+=("$a")
			dpkg --print-foreign-architectures | grep -qx "$a" ||
				{ as_root dpkg --add-architecture "$a"; need_update=1; }
		fi
	done
	# A fresh machine, or a new architecture, needs fresh package lists.
	if [ "$need_update" = 1 ] ||
	   ! apt-cache show "crossbuild-essential-arm64" >/dev/null 2>&1; then
		update_lists "$@"
	fi
	apt_get install build-essential debhelper dpkg-dev fakeroot lintian \
		libcap2-bin iproute2 python3 util-linux
	[ ${#foreign[@]} -gt 0 ] && apt_get install qemu-user-static
	for a in "$@"; do
		if [ "$a" = "$native" ]; then
			apt_get build-dep "$here"
		elif unavailable "$a"; then
			continue
		else
			apt_get install "crossbuild-essential-$a"
			apt_get -a "$a" build-dep "$here" && continue
			skew=$(mirror_skew "$a") || {
				echo "package.sh: the build dependencies for $a cannot be installed (above)" >&2
				return 1
			}
			echo "package.sh: the mirror's lists for $a lag behind $native's:" >&2
			echo "$skew" | sed 's/^/package.sh:   /' >&2
			WHY[$a]="the mirror's lists for $a lag behind $native's ($(echo "$skew" | head -n 1))"
		fi
	done
}

# Build the packages for ARCH from a clean copy of the tree (dpkg-buildpackage
# writes beside the source), so the checkout stays untouched.
build() {
	local arch=${1:?usage: package.sh build ARCH [--nocheck]} opts=() profiles=()
	local src=$out/$arch/src start=$SECONDS dbo="parallel=$(nproc) ${DEB_BUILD_OPTIONS:-}"
	if [ "${2:-}" = "--nocheck" ]; then
		profiles+=(nocheck)
		dbo="nocheck $dbo"
	fi
	if [ "$arch" != "$native" ]; then
		profiles+=(cross)
		opts+=(-a "$arch")
		# debian/rules runs the unit tests under qemu-user itself.
		if command -v "$(qemu_for "$arch")" >/dev/null; then
			dbo="crossbuildcanrunhostbinaries $dbo"
		else
			echo "package.sh: $(qemu_for "$arch") missing: unit tests will not run" >&2
		fi
	fi
	[ ${#profiles[@]} -gt 0 ] && opts+=("-P$(IFS=,; echo "${profiles[*]}")")
	rm -rf "$out/$arch"
	mkdir -p "$src"
	tar -C "$here" --exclude=./.git --exclude='./build*' --exclude='./obj-*' \
		--exclude=./debian/posdoctor --exclude=./debian/.debhelper -cf - . |
		tar -C "$src" -xf -
	(cd "$src" && DEB_BUILD_OPTIONS=$dbo dpkg-buildpackage -us -uc -b "${opts[@]}") >"$out/$arch/build.log" 2>&1 || {
		tail -n 60 "$out/$arch/build.log" >&2
		echo "package.sh: $arch build failed; log: $out/$arch/build.log" >&2
		exit 1
	}
	rm -rf "$src"
	grep -E 'tests passed|tests failed|unit tests not run' "$out/$arch/build.log" || true
	ls -l "$out/$arch/"*.deb
	echo "package.sh: $arch built in $((SECONDS - start)) s"
}

# lintian on the packages of ARCH; errors and warnings fail.
lint() {
	local arch=${1:?usage: package.sh lintian ARCH}
	lintian --fail-on error,warning --info "$out/$arch/"posdoctor_*_"$arch".changes
	echo "package.sh: lintian clean for $arch"
}

# build and lint for ARCH, or say loudly that ARCH is left out (WHY).
build_lint() {
	if unavailable "$1"; then
		echo "package.sh: SKIPPED $1: ${WHY[$1]}" >&2
		return 0
	fi
	build "$@"
	lint "$1"
}

# The install/use/purge test of the native package (tests/package/).
install_test() {
	local deb=${1:-}
	[ -n "$deb" ] || deb=$(ls "$out/$native/"posdoctor_*_"$native".deb)
	bash "$here/tests/package/install_purge.sh" "$deb"
}

cmd=${1:-all}
[ $# -gt 0 ] && shift
case "$cmd" in
deps) deps "$@" ;;
build) build "$@" ;;
lintian) lint "$@" ;;
install-test) install_test "$@" ;;
all)
	deps "$native" arm64 armhf
	for a in "$native" arm64 armhf; do
		build_lint "$a"
	done
	install_test
	;;
ci)
	deps "$native" arm64 armhf
	build_lint "$native" --nocheck
	install_test
	build_lint arm64
	build_lint armhf
	;;
help | -h | --help) sed -n '2,15p' "$0" ;;
*)
	sed -n '2,15p' "$0" >&2
	exit 2
	;;
esac
