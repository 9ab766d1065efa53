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
has "$tmp/out" 'posdoctor_check_status{id="test.fail",module="test",code="test.fail"} 2' "prom fail"
has "$tmp/out" 'posdoctor_check_status{id="test.warn",module="test",code="test.warn"} 1' "prom warn"
has "$tmp/out" 'posdoctor_check_status{id="test.quick",module="test",code="test.ok"} 0' "prom ok"
has "$tmp/out" 'posdoctor_check_status{id="test.after_fail",module="test",code="dep.blocked"} 3' "prom skip"
has "$tmp/out" 'posdoctor_loss_pct{id="test.warn"} 4.5' "prom metric"
has "$tmp/out" 'posdoctor_overall_status 2' "prom overall"
grep -q '^posdoctor_info{version="[0-9][^"]*"} 1$' "$tmp/out" || fail "prom info metric"

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

# -q hides the skipped rows, so its closing line points nowhere "above".
pd --once --only test.quick,test.hang -q
expect_rc 0 "quiet run with a skip"
has "$tmp/out" "1 skipped" "quiet with a skip counts it"
hasnt "$tmp/out" "see above" "quiet does not point at hidden rows"
has "$tmp/out" "run without -q to see why" "quiet says how to see the skips"
pd --once --only test.quick,test.hang
has "$tmp/out" "see above why" "normal run points at the shown skips"

# Catalogue texts (test.* strings and fixes in the private assets copy):
# titles, summaries and fixes with the measured numbers, both languages.
python3 "$here/check_json.py" once_catalog < "$tmp/en.json" || fail "json en catalogue texts"
pd --once --only "$all" --format json --lang zh_CN
expect_rc 2 "json zh run"
python3 "$here/check_json.py" once_zh < "$tmp/out" || fail "json zh report"
pd --once --only "$all" --lang zh_CN
expect_rc 2 "text zh run"
python3 - "$tmp/out" <<'PY' || fail "text zh"
import sys
raw = open(sys.argv[1], 'rb').read()
t = raw.decode('utf-8')            # strict: never a cut character
assert '总体结果：故障\n' in t, t
assert '[FAIL] 失败检查\n' in t, t
assert '       出错了（fail）（test.fail）\n' in t, t
assert '       解决办法：修复测试链路\n       原因：它失败了。\n       1. 重新插好。\n' in t, t
assert '[WARN] 警告检查\n       warning "quoted" \\ 中文 丢失了 4.5%（test.warn）\n' in t, t
assert '       2. 告诉技术支持：丢包 4.5%。\n' in t, t
assert '[ OK ] 快速检查\n       正常（quick）\n' in t, t
assert '共 5 项检查：2 项正常，1 项警告，1 项失败，1 项跳过\n' in t, t
assert '请从上面第一项开始处理' in t, t
PY
LANG=zh_CN.UTF-8 pd --once --only test.quick
has "$tmp/out" "一切正常：所有检查都通过了。" "language from LANG"
pd --once --only test.quick --lang en
has "$tmp/out" "[ OK ] Quick check" "English title"
has "$tmp/out" "       It works (quick)" "English summary"

# Site name and terminal id from the config, in the header and the JSON.
cat > "$tmp/site.yaml" <<'YAML'
site: {name: "Corner \"Cafe\" 角落", terminal_id: T-0042}
YAML
"$POSDOCTOR_TEST" -c "$tmp/site.yaml" --once --only test.quick --format json > "$tmp/out" ||
	fail "site json run"
python3 - "$tmp/out" <<'PY' || fail "site in json"
import json, sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
assert d['site'] == {'name': 'Corner "Cafe" 角落', 'terminal_id': 'T-0042'}, d['site']
PY
"$POSDOCTOR_TEST" -c "$tmp/site.yaml" --once --only test.quick > "$tmp/out" || fail "site text run"
has "$tmp/out" 'Site: Corner "Cafe" 角落' "site in text"
has "$tmp/out" "Terminal: T-0042" "terminal in text"
hasnt "$tmp/err" "Site:" "nothing on stderr"
pd --once --only test.quick
hasnt "$tmp/out" "Site:" "no site line without a site"

finish
