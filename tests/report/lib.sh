# lib.sh - shared set-up for the report shell tests (sourced).
# Makes $tmp (removed on exit), a private copy of the assets in
# $tmp/assets with strings and fixes for the test.* codes (never shipped),
# an empty config, and runs from $tmp so no ./posdoctor.yaml is picked up.
set -eu

tmp=$(mktemp -d /tmp/report_test.XXXXXX)
cleanup() {
	chmod -R u+w "$tmp" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$tmp/assets" "$tmp/xdg"
if [ -d "$POSDOCTOR_DATADIR" ]; then
	cp -R "$POSDOCTOR_DATADIR/." "$tmp/assets/"
fi
mkdir -p "$tmp/assets/fixes" "$tmp/assets/strings"
cat > "$tmp/assets/strings/zz_test.yaml" <<'YAML'
title.test.quick: {en: "Quick check", zh_CN: "快速检查"}
title.test.warn: {en: "Warning check", zh_CN: "警告检查"}
title.test.fail: {en: "Failing check", zh_CN: "失败检查"}
title.test.after_fail: {en: "Check after the failing one", zh_CN: "失败之后的检查"}
title.test.slow: {en: "Slow check", zh_CN: "慢速检查"}
title.test.hang: {en: "Hanging check", zh_CN: "卡住的检查"}
summary.test.ok: {en: "It works ({what})", zh_CN: "正常（{what}）"}
summary.test.warn: {en: "Lost {loss_pct}% with {what}", zh_CN: "{what} 丢失了 {loss_pct}%"}
summary.test.fail: {en: "It broke ({what})", zh_CN: "出错了（{what}）"}
summary.test.skip: {en: "Not run", zh_CN: "未运行"}
YAML
cat > "$tmp/assets/fixes/zz_test.yaml" <<'YAML'
test.ok:
  title: {en: "Nothing to do", zh_CN: "无需处理"}
  why: {en: "It works.", zh_CN: "一切正常。"}
  steps:
    - {en: "Nothing.", zh_CN: "无。"}
test.warn:
  title: {en: "Loss of {loss_pct}% seen", zh_CN: "发现 {loss_pct}% 的丢包"}
  why: {en: "Because of {what}.", zh_CN: "原因是 {what}。"}
  steps:
    - {en: "Restart the router.", zh_CN: "重启路由器。"}
    - {en: "Tell the helpdesk: {loss_pct}% lost.", zh_CN: "告诉技术支持：丢包 {loss_pct}%。"}
test.fail:
  title: {en: "Repair the test link", zh_CN: "修复测试链路"}
  why: {en: "It failed.", zh_CN: "它失败了。"}
  steps:
    - {en: "Plug it back in.", zh_CN: "重新插好。"}
test.skip:
  title: {en: "Nothing to do", zh_CN: "无需处理"}
  why: {en: "Skipped.", zh_CN: "已跳过。"}
  steps:
    - {en: "Nothing.", zh_CN: "无。"}
YAML
: > "$tmp/empty.yaml"
export POSDOCTOR_DATADIR="$tmp/assets"
export XDG_CONFIG_HOME="$tmp/xdg"
export POSDOCTOR_TEST_SLOW_MS=200
unset POSDOCTOR_CONFIG NO_COLOR LC_ALL LC_MESSAGES || true
export LANG=C.UTF-8
cd "$tmp"

here="$SOURCE_DIR/tests/report"
failures=0

# fail MESSAGE: note a failure and go on (the script exits 1 at the end).
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# pd ARGS...: posdoctor-test with the private config; sets $rc, output in
# $tmp/out and $tmp/err.
pd() {
	set +e
	"$POSDOCTOR_TEST" -c "$tmp/empty.yaml" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	set -e
}

# expect_rc WANT WHAT: compare $rc.
expect_rc() {
	if [ "$rc" != "$1" ]; then
		fail "$2: exit $rc, expected $1"
		sed 's/^/  stderr: /' "$tmp/err" | head -20
	fi
}

# has FILE TEXT WHAT / hasnt FILE TEXT WHAT: fixed-string search.
has() {
	grep -qF -- "$2" "$1" || { fail "$3: '$2' not found"; sed 's/^/  | /' "$1" | head -60; }
}
hasnt() {
	if grep -qF -- "$2" "$1"; then fail "$3: '$2' found"; fi
}

finish() {
	if [ "$failures" -ne 0 ]; then
		echo "$failures failure(s)"
		exit 1
	fi
	echo "all passed"
}
