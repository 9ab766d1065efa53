# once.sh - posdoctor-test --once end to end: formats, --only, -q/-v,
# --lang, and the exit codes 0/1/2/3 of SPEC §1.
. "$SOURCE_DIR/tests/report/lib.sh"

all=test.quick,test.warn,test.fail,test.after_fail,test.slow

# Exit codes: the worst status decides.
pd --once --only test.quick;               expect_rc 0 "ok only"
pd --once --only test.warn;                expect_rc 1 "warn only"
pd --once --only test.fail;                expect_rc 2 "fail only"
pd --once --only test.quick,test.warn;     expect_rc 1 "ok and warn"
pd --once --only test.fail,test.after_fail --format json; expect_rc 2 "fail and blocked"
POSDOCTOR_TEST_FAIL=0 pd --once --only test.fail,test.after_fail; expect_rc 0 "fail made to pass"
pd --once --only test.nosuch;              expect_rc 3 "unknown --only name"
has "$tmp/err" "test.nosuch" "unknown --only name message"
pd --once --format xml;                    expect_rc 3 "unknown format"

# JSON: strict parse and the SPEC fields, then what the test module did.
pd --once --only "$all" --format json
expect_rc 2 "json run"
python3 "$here/check_json.py" once < "$tmp/out" || fail "json report check"
cp "$tmp/out" "$tmp/en.json"

# Prometheus: strict line format, and the status of each check.
pd --once --only "$all" --format prometheus
expect_rc 2 "prometheus run"
python3 "$here/prom_check.py" < "$tmp/out" || fail "prometheus format"
has "$tmp/out" 'posdoctor_check_status{id="test.fail",module="test"} 2' "prom fail"
has "$tmp/out" 'posdoctor_check_status{id="test.warn",module="test"} 1' "prom warn"
has "$tmp/out" 'posdoctor_check_status{id="test.quick",module="test"} 0' "prom ok"
has "$tmp/out" 'posdoctor_check_status{id="test.after_fail",module="test"} 3' "prom skip"
has "$tmp/out" 'posdoctor_loss_pct{id="test.warn"} 4.5' "prom metric"
has "$tmp/out" 'posdoctor_overall_status 2' "prom overall"

# Text: worst first with tags, fixes under problems, closing counts.
pd --once --only "$all"
expect_rc 2 "text run"
python3 - "$tmp/out" <<'PY' || fail "text order"
import sys
t = open(sys.argv[1], encoding='utf-8').read()
tags = [l[:6] for l in t.split('\n') if l[:1] == '[']
assert tags == ['[FAIL]', '[WARN]', '[ OK ]', '[ OK ]', '[SKIP]'], tags
PY
has "$tmp/out" "5 checks: 2 ok, 1 warning, 1 failed, 1 skipped" "text counts"
hasnt "$tmp/out" "loss_pct = 4.5" "text metrics only with -v"
if grep -q $'\033' "$tmp/out"; then fail "colour in a pipe"; fi

pd --once --only "$all" -q
expect_rc 2 "quiet run"
hasnt "$tmp/out" "[ OK ]" "quiet hides ok"
hasnt "$tmp/out" "[SKIP]" "quiet hides skip"
has "$tmp/out" "[FAIL]" "quiet shows fail"
has "$tmp/out" "[WARN]" "quiet shows warn"
has "$tmp/out" "5 checks: 2 ok, 1 warning, 1 failed, 1 skipped" "quiet counts"

pd --once --only "$all" -v
expect_rc 2 "verbose run"
has "$tmp/out" "loss_pct = 4.5" "verbose metric"
has "$tmp/out" "| tx 05" "verbose detail"
has "$tmp/out" "Samples: 11 12 13 14 15 16 17 18 19 20" "verbose samples"
has "$tmp/out" "Check test.fail, code test.fail" "verbose id and code"

pd --once --only test.quick
has "$tmp/out" "All is well: every check passed." "all well sentence"

# Whether the YAML catalogue loader is in this build: the test titles show.
pd --once --only test.quick --format json
if grep -qF '"title": "Quick check"' "$tmp/out"; then
	pd --once --only "$all" --format json --lang zh_CN
	expect_rc 2 "json zh run"
	python3 "$here/check_json.py" once_zh < "$tmp/out" || fail "json zh report"
	python3 "$here/check_json.py" once_catalog < "$tmp/en.json" || fail "json en catalogue texts"
	pd --once --only "$all" --lang zh_CN
	python3 - "$tmp/out" <<'PY' || fail "text zh"
import sys
raw = open(sys.argv[1], 'rb').read()
t = raw.decode('utf-8')            # strict: never a cut character
assert '[FAIL] 失败检查\n' in t, t
assert '       出错了（fail）\n' in t, t
assert '       解决办法：修复测试链路\n' in t, t
assert '       1. 重新插好。\n' in t, t
assert '[WARN] 警告检查\n       warning "quoted" \\ 中文 丢失了 4.5%\n' in t, t
assert '告诉技术支持：丢包 4.5%。' in t, t
assert '共 5 项检查：2 项正常，1 项警告，1 项失败，1 项跳过\n' in t, t
PY
else
	echo "note: no catalogue loader in this build; catalogue texts not checked"
	pd --once --only "$all" --format json --lang zh_CN
	python3 - "$tmp/out" <<'PY' || fail "json zh language"
import json, sys
assert json.load(open(sys.argv[1], encoding='utf-8'))['language'] == 'zh_CN'
PY
fi

finish
