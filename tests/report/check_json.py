#!/usr/bin/env python3
"""Checks a posdoctor JSON report (SPEC §3) read from stdin with Python's
own JSON parser, strictly: UTF-8, no NaN/Infinity, every SPEC field with
its type, fix present exactly where it must be, worst first. Then runs the
named scenario's assertions (argv[1], optional). Exit 1 with a message on
the first problem."""
import json
import re
import sys

RANK = {'skip': 0, 'ok': 1, 'warn': 2, 'fail': 3}
NO_FIX_SKIP = ('dep.blocked', 'check.cancelled')


class Bad(Exception):
    pass


def need(cond, msg):
    if not cond:
        raise Bad(msg)


def reject_constant(name):
    raise Bad(f"non-standard JSON constant {name}")


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def check_generic(d):
    need(isinstance(d, dict), "top level is not an object")
    need(d.get('tool') == 'posdoctor', "tool")
    need(isinstance(d.get('version'), str) and d['version'], "version")
    need(re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ', d.get('started_at', '')), "started_at")
    need(isinstance(d.get('duration_ms'), int) and d['duration_ms'] >= 0, "duration_ms")
    site = d.get('site')
    need(isinstance(site, dict) and isinstance(site.get('name'), str)
         and isinstance(site.get('terminal_id'), str), "site")
    need(d.get('language') in ('en', 'zh_CN'), "language")
    need(d.get('overall') in RANK, "overall")
    need(isinstance(d.get('checks'), list), "checks")
    need(isinstance(d.get('unfinished'), list)
         and all(isinstance(x, str) for x in d['unfinished']), "unfinished")
    worst, last = 'skip', 99
    ids = set()
    for c in d['checks']:
        cid = c.get('id')
        need(isinstance(cid, str) and cid not in ids, f"id {cid!r}")
        ids.add(cid)
        for f in ('module', 'title', 'status', 'code', 'summary', 'label'):
            need(isinstance(c.get(f), str), f"{cid}: {f}")
        need(c['status'] in RANK, f"{cid}: status {c['status']}")
        need(isinstance(c.get('duration_ms'), int), f"{cid}: duration_ms")
        need(isinstance(c.get('metrics'), dict), f"{cid}: metrics")
        for k, v in c['metrics'].items():
            need(v is None or is_num(v) or isinstance(v, str), f"{cid}: metric {k}")
        need(isinstance(c.get('detail'), list), f"{cid}: detail")
        need(isinstance(c.get('samples'), list)
             and all(v is None or is_num(v) for v in c['samples']), f"{cid}: samples")
        st = c['status']
        if st in ('warn', 'fail'):
            need('fix' in c, f"{cid}: {st} without a fix")
        if st == 'ok' or (st == 'skip' and c['code'] in NO_FIX_SKIP):
            need('fix' not in c, f"{cid}: {st}/{c['code']} has a fix")
        if 'fix' in c:
            fx = c['fix']
            need(isinstance(fx.get('title'), str) and fx['title'], f"{cid}: fix.title")
            need(isinstance(fx.get('why'), str), f"{cid}: fix.why")
            need(isinstance(fx.get('steps'), list) and fx['steps']
                 and all(isinstance(s, str) and s for s in fx['steps']), f"{cid}: fix.steps")
        need(RANK[st] <= last, f"{cid}: not worst first")
        last = RANK[st]
        if RANK[st] > RANK[worst]:
            worst = st
    need(d['overall'] == worst, f"overall {d['overall']} but worst is {worst}")
    need(not ids & set(d['unfinished']), "a check is both finished and unfinished")


def checks(d):
    return {c['id']: c for c in d['checks']}


TRICKY_WHAT = ''.join(chr(c) for c in range(1, 32)) + '\x7f' + '中文' + '\ufffd' * 6 + 'end'


def scenario_tricky(d, lang='en'):
    c = checks(d)
    need(d['language'] == lang, "language")
    need(d['site'] == {'name': 'Corner "Cafe" \\ 角落', 'terminal_id': 'T-0042'}, f"site {d['site']}")
    need(d['overall'] == 'fail', "overall")
    one = c['alpha.one']
    need(one['module'] == 'alpha' and one['code'] == 'alpha.bad', "alpha.one ids")
    host = 'pay."example"\\com'
    if lang == 'en':
        need(one['title'] == 'Payment host reachable', f"title {one['title']!r}")
        need(one['summary'] == f'38.5% of packets to {host} lost', f"summary {one['summary']!r}")
        need(one['fix']['title'] == f'Packets to {host} are lost', f"fix title {one['fix']['title']!r}")
        need(one['fix']['steps'][1] == 'Tell the helpdesk: 38.5% lost, 20 sent.', f"step {one['fix']['steps']}")
    else:
        need(one['title'] == '支付主机可以连通', f"title {one['title']!r}")
        need(one['summary'] == f'发往 {host} 的数据包丢失了 38.5%', f"summary {one['summary']!r}")
        need(one['fix']['title'] == f'发往 {host} 的数据包在丢失', f"fix title {one['fix']['title']!r}")
        # The Chinese entry lacks its second step: English stands in.
        need(one['fix']['steps'][1] == 'Tell the helpdesk: 38.5% lost, 20 sent.', f"step {one['fix']['steps']}")
        need(one['fix']['steps'][0] == '重启路由器。', f"step {one['fix']['steps']}")
    need(len(one['fix']['steps']) == 3, "three steps")
    need(one['metrics'] == {'loss_pct': 38.5, 'probes_sent': 20, 'rtt_avg_ms': None,
                            'method': 'icmp', 'big': 1e300, 'tiny': 0.1, 'neg': -2.25},
         f"metrics {one['metrics']}")
    need(isinstance(one['metrics']['probes_sent'], int), "probes_sent is an integer")
    need(one['detail'] == ['tx 05', 'rx 15'], f"detail {one['detail']}")
    need(one['samples'] == [1.5, None, 3], f"samples {one['samples']}")
    need(one['duration_ms'] == 2012, "duration")
    two = c['alpha.two']
    prefix = 'Odd: ' if lang == 'en' else '奇怪：'
    need(two['summary'] == prefix + TRICKY_WHAT, f"summary {two['summary']!r}")
    need(two['status'] == 'warn' and 'fix' in two, "alpha.two warn with fix")
    nofix = c['alpha.nofix']
    need(nofix['fix']['generic'] is True, "generic fix")
    need(any('alpha.nofix' in s and 'alpha.unknown' in s for s in nofix['fix']['steps']),
         f"generic fix names id and code: {nofix['fix']}")
    need(c['beta.priv']['status'] == 'skip' and 'fix' in c['beta.priv'], "needs_privilege fix")
    need(c['beta.priv']['fix']['generic'] is False, "real fix for needs_privilege")
    need('fix' not in c['beta.blocked'], "dep.blocked has no fix")
    h1, h2 = c['beta.host:acq"uirer'], c['beta.host:备用']
    need(h1['label'] == 'acq"uirer' and h2['label'] == '备用', "labels")
    if lang == 'en':
        need(h2['title'] == 'Host 备用 answers', f"title {h2['title']!r}")
    odd = c['beta.host:o\\d\nd\x01\ufffd']
    need(odd['label'] == 'o\\d\nd\x01\ufffd' and odd['metrics'] == {'odd_metric': 1}, "odd label")
    need(len(h1['metrics']) == 32, f"32 metrics, got {len(h1['metrics'])}")
    need(h1['metrics']['m0'] is None and h1['metrics']['m1'] is None, "inf as null")
    need(h1['metrics']['m5'] == 5.5, "m5")
    order = [x['id'] for x in d['checks']]
    need(order.index('alpha.one') < order.index('alpha.nofix') < order.index('alpha.two'),
         f"worst first, registry order within a status: {order}")
    need(d['unfinished'] == [], "unfinished")


def scenario_tricky_zh(d):
    scenario_tricky(d, 'zh_CN')


def scenario_unfinished(d):
    c = checks(d)
    need(d['unfinished'] == ['alpha.two', 'beta.host:备用'], f"unfinished {d['unfinished']}")
    need('alpha.two' not in c and 'beta.host:备用' not in c, "unfinished in checks")
    need(d['overall'] == 'fail', "overall")


def scenario_empty(d):
    need(d['checks'] == [] and d['unfinished'] == [] and d['overall'] == 'skip', "empty")


def scenario_once(d):
    c = checks(d)
    need([x['id'] for x in d['checks']] ==
         ['test.fail', 'test.warn', 'test.quick', 'test.slow', 'test.after_fail'],
         f"order {[x['id'] for x in d['checks']]}")
    need(d['overall'] == 'fail' and d['unfinished'] == [], "overall")
    need(all(x['module'] == 'test' for x in d['checks']), "module")
    need(c['test.warn']['metrics'] == {'loss_pct': 4.5}, f"warn metrics {c['test.warn']['metrics']}")
    need(c['test.fail']['detail'] == ['tx 05', 'rx 15'], "fail detail")
    need(c['test.fail']['code'] == 'test.fail' and 'fix' in c['test.fail'], "fail fix")
    need(c['test.after_fail']['status'] == 'skip' and c['test.after_fail']['code'] == 'dep.blocked',
         "after_fail blocked")
    need('fix' not in c['test.after_fail'], "blocked has no fix")
    need(c['test.slow']['samples'] == [11, 12, 13, 14, 15, 16, 17, 18, 19, 20], "slow samples")
    need(c['test.slow']['metrics'] == {'slept_ms': 200}, "slow metrics")
    need(c['test.slow']['duration_ms'] >= 150, "slow duration")


def scenario_once_catalog(d, lang='en'):
    c = checks(d)
    what = 'warning "quoted" \\ 中文'
    need(d['language'] == lang, "language")
    if lang == 'en':
        need(c['test.warn']['title'] == 'Warning check', "warn title")
        need(c['test.warn']['summary'] == f'Lost 4.5% with {what}', f"warn summary {c['test.warn']['summary']!r}")
        fx = c['test.warn']['fix']
        need(fx == {'title': 'Loss of 4.5% seen', 'why': f'Because of {what}.',
                    'steps': ['Restart the router.', 'Tell the helpdesk: 4.5% lost.'],
                    'generic': False}, f"warn fix {fx}")
        need(c['test.fail']['fix']['steps'] == ['Plug it back in.'], "fail fix")
    else:
        need(c['test.warn']['title'] == '警告检查', "warn title")
        need(c['test.warn']['summary'] == f'{what} 丢失了 4.5%', f"warn summary {c['test.warn']['summary']!r}")
        fx = c['test.warn']['fix']
        need(fx == {'title': '发现 4.5% 的丢包', 'why': f'原因是 {what}。',
                    'steps': ['重启路由器。', '告诉技术支持：丢包 4.5%。'],
                    'generic': False}, f"warn fix {fx}")
        need(c['test.quick']['summary'] == '正常（quick）', "quick summary")
    need('fix' not in c['test.quick'], "ok has no fix")


def scenario_once_zh(d):
    scenario_once(d)
    scenario_once_catalog(d, 'zh_CN')


def main():
    raw = sys.stdin.buffer.read()
    try:
        text = raw.decode('utf-8')
        d = json.loads(text, parse_constant=reject_constant)
        check_generic(d)
        if len(sys.argv) > 1:
            globals()['scenario_' + sys.argv[1]](d)
    except (Bad, ValueError, KeyError, IndexError, TypeError) as e:
        print(f"JSON report check failed: {type(e).__name__}: {e}")
        print(raw[:4000].decode('utf-8', 'replace'))
        sys.exit(1)


main()
