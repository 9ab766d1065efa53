#!/usr/bin/env python3
"""HTTP on loopback for the fleet tests; every wait is bounded.

  api.py get URL [name=value...]          print the body (values URL-encoded)
  api.py wait-text URL REGEX SECONDS      until a line of the body matches
  api.py wait-series PROM QUERY SECONDS   until the instant query has a result
  api.py wait-alert PROM NAME ID STATE SECONDS
                                          until /api/v1/alerts shows alert NAME
                                          for check ID ("" for none) in STATE
                                          (pending, firing, or none); prints
                                          the states seen on the way and the
                                          seconds from the first answer

Exit 0 on success, 1 on an error or a timeout (the reason on stderr)."""
import json
import re
import sys
import time
import urllib.parse
import urllib.request


def get(url, params=()):
    """The body of url, params added as a query string."""
    if params:
        url += '?' + urllib.parse.urlencode(list(params))
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.read().decode('utf-8')


def poll(seconds, probe):
    """Call probe() every 0.2 s until it returns true; errors (a server
    still starting) count as false. Returns whether it did in time."""
    end = time.monotonic() + seconds
    last = None
    while True:
        try:
            if probe():
                return True
        except Exception as e:  # refused while starting, HTTP errors
            last = e
        if time.monotonic() >= end:
            if last:
                print(f"last error: {last}", file=sys.stderr)
            return False
        time.sleep(0.2)


def alert_state(prom, name, check):
    """State of alert name for check id (None when absent)."""
    alerts = json.loads(get(prom + '/api/v1/alerts'))['data']['alerts']
    for a in alerts:
        if a['labels']['alertname'] == name and a['labels'].get('id', '') == check:
            return a['state']
    return 'none'


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == 'get':
        try:
            sys.stdout.write(get(args[0], [tuple(a.split('=', 1)) for a in args[1:]]))
        except Exception as e:
            print(f"{args[0]}: {e}", file=sys.stderr)
            sys.exit(1)
    elif cmd == 'wait-text':
        rx = re.compile(args[1], re.M)
        if not poll(float(args[2]), lambda: rx.search(get(args[0]))):
            print(f"{args[0]}: nothing matches {args[1]!r}", file=sys.stderr)
            sys.exit(1)
    elif cmd == 'wait-series':
        def has():
            body = json.loads(get(args[0] + '/api/v1/query', [('query', args[1])]))
            return bool(body['data']['result'])
        if not poll(float(args[2]), has):
            print(f"no result for {args[1]}", file=sys.stderr)
            sys.exit(1)
    elif cmd == 'wait-alert':
        prom, name, check, want, seconds = args
        seen = []
        start = []

        def reached():
            st = alert_state(prom, name, check)
            if not start:
                start.append(time.monotonic())
            if not seen or seen[-1] != st:
                seen.append(st)
            return st == want
        ok = poll(float(seconds), reached)
        print(' '.join(seen), f"{time.monotonic() - (start or [time.monotonic()])[0]:.1f}")
        if not ok:
            print(f"{name} for {check!r} never {want}: {' -> '.join(seen)}", file=sys.stderr)
            sys.exit(1)
    else:
        print(f"unknown command {cmd}", file=sys.stderr)
        sys.exit(2)


main()
