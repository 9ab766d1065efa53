#!/usr/bin/env python3
"""check_report.py REPORT CHECK_ID [key=value | key~=substring | key<number
| key>number ...] - assert on one check of a posdoctor JSON report.

Keys: status, code, summary, or any metric name; a key with a dot prefix
'arg.' is not available in JSON, so assertions use metrics and the summary.
"""
import json
import sys


def number(s):
    try:
        return float(s)
    except ValueError:
        return None


def main():
    path, cid, conds = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(path) as f:
        report = json.load(f)
    checks = {c["id"]: c for c in report["checks"]}
    if cid not in checks:
        print("no check %s in report (have %s)" % (cid, sorted(checks)))
        return 1
    c = checks[cid]
    bad = []
    for cond in conds:
        for op in ("~=", "<", ">", "="):
            if op in cond:
                key, want = cond.split(op, 1)
                break
        else:
            bad.append("bad condition %s" % cond)
            continue
        have = c.get(key, c.get("metrics", {}).get(key))
        if op == "=":
            ok = str(have) == want or (isinstance(have, (int, float)) and
                                       not isinstance(have, bool) and
                                       number(want) == float(have))
        elif op == "~=":
            ok = have is not None and want in str(have)
        elif op == "<":
            ok = have is not None and float(have) < float(want)
        else:
            ok = have is not None and float(have) > float(want)
        if not ok:
            bad.append("%s: %s %s %r, have %r" % (cid, key, op, want, have))
    if c.get("status") in ("warn", "fail") and "fix" not in c:
        bad.append("%s: %s without a fix" % (cid, c.get("status")))
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
