# bench/serial_common.sh - what bench/serial.sh and bench/serial_tcp.sh
# share (sourced): the paths, tests/serial/lib.sh (the simulators), RUNS,
# and the median of numbers on stdin.
SOURCE_DIR=${SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD_DIR=${BUILD_DIR:-${1:-$SOURCE_DIR/build}}
POSDOCTOR=${POSDOCTOR:-$BUILD_DIR/posdoctor}
export SOURCE_DIR BUILD_DIR POSDOCTOR POSDOCTOR_DATADIR=$SOURCE_DIR/assets
. "$SOURCE_DIR/tests/serial/lib.sh"
RUNS=${RUNS:-10}

[ -x "$POSDOCTOR" ] || { echo "build first: $POSDOCTOR missing"; exit 1; }

# Median of numbers on stdin.
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
