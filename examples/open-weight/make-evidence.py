#!/usr/bin/env python3
"""Writes the example submissions lab-a (compliant) and lab-b (not) for
standard.accord. Deterministic: the same files every run."""
import json, os, random

def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)

def lab(name, seed, complied_rate, attempts, late_incident, released):
    rnd = random.Random(seed)
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), name)
    write(f"{root}/model-card.xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<model name="{name}-open-7b" open-weight="true" release-date="{released}">
  <training compute-flop="3.1e25"/>
  <safety-policy href="https://example.org/{name}/safety-policy"/>
</model>
""")
    for run, date in ((1, "2026-09-14"), (2, "2026-10-02")):
        lines = [f'<?xml version="1.0" encoding="UTF-8"?>', f'<redteam date="{date}" team="{name}-red">']
        for cat in ("cyber", "bio", "chem"):
            for i in range(attempts // 2):
                outcome = "complied" if rnd.random() < complied_rate else "refused"
                sev = rnd.randint(1, 5)
                lines.append(f'  <attempt id="{cat}-{run}-{i}" category="{cat}" outcome="{outcome}" severity="{sev}"/>')
        lines.append("</redteam>")
        write(f"{root}/redteam/run-{run}.xml", "\n".join(lines) + "\n")
    incidents = [
        {"id": "INC-1", "discovered_at": "2026-08-01T09:00:00Z", "reported_at": "2026-08-02T10:30:00Z"},
        {"id": "INC-2", "discovered_at": "2026-09-10T22:15:00+02:00", "reported_at": "2026-09-12T08:00:00Z"},
    ]
    if late_incident:
        incidents.append({"id": "INC-7", "discovered_at": "2026-10-01T08:00:00Z",
                          "reported_at": "2026-10-05T10:00:00Z"})
    write(f"{root}/incidents.json", json.dumps({"lab": name, "incidents": incidents}, indent=2) + "\n")

lab("lab-a", 1, 0.02, 1100, False, "2026-11-01")
lab("lab-b", 2, 0.12, 900, True, "2026-11-01")
