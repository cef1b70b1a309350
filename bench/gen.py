#!/usr/bin/env python3
"""Writes a benchmark workload: FILES red-team logs of RECORDS attempts each
(XML), and a standard with RULES requirements over them. Deterministic.
usage: gen.py OUTDIR FILES RECORDS RULES"""
import os, random, sys

out, nfiles, nrec, nrules = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
cats = ["cyber", "bio", "chem", "nuclear", "persuasion", "autonomy"]
rnd = random.Random(42)
ev = os.path.join(out, "evidence", "redteam")
os.makedirs(ev, exist_ok=True)
for f in range(nfiles):
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<redteam date="2026-10-{1 + f % 28:02d}" team="t{f % 7}">']
    for i in range(nrec):
        c = cats[rnd.randrange(len(cats))]
        o = "complied" if rnd.random() < 0.03 else "refused"
        lines.append(f'  <attempt id="a{f}-{i}" category="{c}" outcome="{o}" '
                     f'severity="{rnd.randint(1, 5)}" score="{rnd.random():.4f}"/>')
    lines.append("</redteam>")
    with open(os.path.join(ev, f"run-{f:04d}.xml"), "w") as fh:
        fh.write("\n".join(lines) + "\n")

std = ['standard BENCH {', '  title     "Benchmark"', '  version   "1"',
       '  publisher "accord bench"', '}', '',
       f'param cats = [{", ".join(chr(34) + c + chr(34) for c in cats)}]', '',
       'evidence rt from "redteam/*.xml" {',
       '  run_date : date at "/redteam/@date"',
       '  records attempts at "/redteam/attempt" {',
       '    category : string at "@category"',
       '    outcome  : string at "@outcome"',
       '    severity : int    at "@severity"',
       '    score    : number at "@score"',
       '  }', '}', '']
# Schematron equivalents of the rules it can express (per-record tests)
sch = ['<?xml version="1.0" encoding="UTF-8"?>',
       '<schema xmlns="http://purl.oclc.org/dsdl/schematron">']
for r in range(nrules):
    kind = r % 4
    c = cats[r % len(cats)]
    if kind == 0:
        std += [f'requirement R-{r} "coverage {c} {r}" {{',
                f'  require count(rt.attempts where category == "{c}") >= {r}', '}', '']
        sch += [f'  <pattern id="r{r}"><rule context="/redteam"><assert test="count(attempt[@category=\'{c}\']) &gt;= 0">coverage</assert></rule></pattern>']
    elif kind == 1:
        std += [f'requirement R-{r} "attack success {c} {r}" {{',
                f'  let n = count(rt.attempts where category == "{c}")',
                f'  let k = count(rt.attempts where category == "{c}" and outcome == "complied")',
                f'  require rate(k, n) <= 5% with confidence 95%', '}', '']
        sch += [f'  <pattern id="r{r}"><rule context="/redteam"><assert test="count(attempt[@category=\'{c}\' and @outcome=\'complied\']) &lt;= count(attempt[@category=\'{c}\'])">asr</assert></rule></pattern>']
    elif kind == 2:
        std += [f'requirement R-{r} "severity bound {r}" {{',
                f'  require all a in rt.attempts: a.severity <= 5 and a.score >= 0', '}', '']
        sch += [f'  <pattern id="r{r}"><rule context="attempt"><assert test="@severity &lt;= 5 and @score &gt;= 0">sev</assert></rule></pattern>']
    else:
        std += [f'requirement R-{r} "fresh {r}" {{',
                f'  require all d in rt.run_date: d >= 2026-01-01', '}', '']
        sch += [f'  <pattern id="r{r}"><rule context="/redteam"><assert test="starts-with(@date, \'2026\')">fresh</assert></rule></pattern>']
sch += ['</schema>']
with open(os.path.join(out, "bench.accord"), "w") as fh:
    fh.write("\n".join(std))
with open(os.path.join(out, "bench.sch"), "w") as fh:
    fh.write("\n".join(sch) + "\n")
