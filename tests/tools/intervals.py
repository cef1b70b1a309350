#!/usr/bin/env python3
"""Clopper-Pearson and Newcombe bounds of accord against a second
implementation: mpmath at 40 significant digits, by another method (the
binomial tail summed term by term, or mpmath's incomplete beta function,
and bisection; Newcombe's formula over Wilson bounds whose normal quantile
is mpmath's erfinv). Prints each point that differs by more than the
tolerance, then one summary line.
    tests/tools/intervals.py ACCORD [WORKDIR]
"""
import os, re, subprocess, sys, tempfile
import mpmath as mp

mp.mp.dps = 40
sys.stdout.reconfigure(line_buffering=True)
REL = mp.mpf('1e-12')      # relative, or absolute below 1e-3 (near 0)

def pmf_sum(n, x, i0, i1):
    t = mp.binomial(n, i0) * x**i0 * (1 - x)**(n - i0)
    s, r = t, x / (1 - x)
    for i in range(i0, i1):
        t = t * (n - i) / (i + 1) * r
        s += t
    return s

def tail_ge(k, n, x):                 # P(X >= k), X ~ Binomial(n, x)
    if n - k < 5000:
        return pmf_sum(n, x, k, n)
    if k < 5000:
        return 1 - pmf_sum(n, x, 0, k - 1)
    return mp.betainc(k, n - k + 1, 0, x, regularized=True)

def solve(f, t, increasing, guess):
    """the root of f = t: a bracket around guess (accord's value) that the
    reference itself checks, widened until it holds, then bisection"""
    below = lambda x: (f(x) < t) == increasing
    g, w = mp.mpf(guess), mp.mpf('1e-12')
    while True:
        lo, hi = max(g * (1 - w) - w, mp.mpf(0)), min(g * (1 + w) + w, mp.mpf(1))
        if below(lo) and not below(hi):
            break
        w *= 1000
    # the bracket holds a sign change of f - t: the Illinois method (a
    # bracketing regula falsi) keeps it and converges in a few steps
    return mp.findroot(lambda x: f(x) - t, (lo, hi), solver='illinois', tol=mp.mpf('1e-50'))

def clopper_pearson(k, n, conf, glo, ghi):
    half = (1 - mp.mpf(conf)) / 2
    lo = mp.mpf(0) if k == 0 else solve(lambda x: tail_ge(k, n, x), half, True, glo)
    hi = mp.mpf(1) if k == n else solve(lambda x: 1 - tail_ge(k + 1, n, x), half, False, ghi)
    return lo, hi

def wilson(k, n, conf):
    z = mp.sqrt(2) * mp.erfinv(mp.mpf(conf))
    p, z2 = mp.mpf(k) / n, z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * mp.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return (mp.mpf(0) if k == 0 else centre - half), (mp.mpf(1) if k == n else centre + half)

def newcombe(k1, n1, k2, n2, conf):
    l1, u1 = wilson(k1, n1, conf)
    l2, u2 = wilson(k2, n2, conf)
    p1, p2 = mp.mpf(k1) / n1, mp.mpf(k2) / n2
    return (p1 - p2 - mp.sqrt((p1 - l1)**2 + (u2 - p2)**2),
            p1 - p2 + mp.sqrt((u1 - p1)**2 + (p2 - l2)**2))

CONFS = [0.5, 0.8, 0.9, 0.95, 0.99, 0.999]
cp_grid = []
for n in [1, 2, 3, 5, 10, 30, 100, 1000]:
    for k in sorted({0, 1, 2, n // 3, n // 2, n - 1, n} & set(range(n + 1))):
        cp_grid += [(k, n, c) for c in CONFS]
for n, ks in [(12345, [0, 1, 5, 100, 1999, 2001]), (1000000, [0, 1, 5, 100])]:
    for k in ks:
        cp_grid += [(k, n, 0.95), (n - k, n, 0.95)]
nc_grid = []
for n1, n2 in [(1, 1), (1, 10), (10, 10), (30, 100), (100, 100), (1000, 50)]:
    for k1 in sorted({0, 1, n1 // 2, n1}):
        for k2 in sorted({0, 1, n2 // 3, n2}):
            nc_grid += [(k1, n1, k2, n2, c) for c in (0.8, 0.95, 0.99)]

def main():
    accord = sys.argv[1]
    work = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp()
    std = ['standard G-1 {\n  title "grid"\n  version "1"\n  publisher "accord tests"\n}\n']
    for i, (k, n, c) in enumerate(cp_grid):
        std.append('requirement C%d "cp" {\n  require clopper_pearson_lower(%d, %d, %r) '
                   '<= clopper_pearson_upper(%d, %d, %r)\n}\n' % (i, k, n, c, k, n, c))
    for i, (k1, n1, k2, n2, c) in enumerate(nc_grid):
        std.append('requirement N%d "nc" {\n  require newcombe_lower(%d, %d, %d, %d, %r) '
                   '<= newcombe_upper(%d, %d, %d, %d, %r)\n}\n'
                   % (i, k1, n1, k2, n2, c, k1, n1, k2, n2, c))
    path = os.path.join(work, 'grid.accord')
    with open(path, 'w') as f:
        f.write(''.join(std))
    out = subprocess.run([accord, 'check', path, '--as-of', '2026-01-01'],
                         capture_output=True, text=True).stdout
    os.remove(path)
    got = dict(re.findall(r'<value name="([^"]+)" value="([^"]+)"/>', out))
    bad = 0
    worst = mp.mpf(0)

    def compare(name, ref):
        nonlocal bad, worst
        if name not in got:
            print('missing:', name)
            bad += 1
            return
        g = mp.mpf(got[name])
        err = abs(g - ref) / max(abs(ref), mp.mpf('1e-3'))
        worst = max(worst, err)
        if err > REL:
            print('%s = %s, reference %s' % (name, got[name], mp.nstr(ref, 20)))
            bad += 1

    for k, n, c in cp_grid:
        lo_name = 'clopper_pearson_lower(%d, %d, %r)' % (k, n, c)
        hi_name = 'clopper_pearson_upper(%d, %d, %r)' % (k, n, c)
        lo, hi = clopper_pearson(k, n, c, got.get(lo_name, '0.5'), got.get(hi_name, '0.5'))
        compare(lo_name, lo)
        compare(hi_name, hi)
    for k1, n1, k2, n2, c in nc_grid:
        lo, hi = newcombe(k1, n1, k2, n2, c)
        args = '(%d, %d, %d, %d, %r)' % (k1, n1, k2, n2, c)
        compare('newcombe_lower' + args, lo)
        compare('newcombe_upper' + args, hi)
    total = 2 * (len(cp_grid) + len(nc_grid))
    print('%d bounds compared, %d beyond 1e-12' % (total, bad))
    sys.stderr.write('largest difference: %s\n' % mp.nstr(worst, 3))
    return 1 if bad else 0

sys.exit(main())
