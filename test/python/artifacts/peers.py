"""Runs picklescan and modelscan (pinned in requirements.txt) over the fixture catalogue, each
through its library API, one file at a time. Prints {id: {"picklescan": v, "modelscan": v}} as
JSON, where v is dangerous | suspicious | clean | error | skip | crash:
- picklescan: dangerous when it counts an infected file or a dangerous global, suspicious when a
  global is only "suspicious" (its CLI exits 0 then), error when it reports a scan error;
- modelscan: dangerous for a CRITICAL or HIGH issue, suspicious for a lower one, error when it
  reports errors and no issues, skip when it scanned nothing.

Usage: python peers.py OUT  (OUT/manifest.json from make_fixtures.py)
"""
import contextlib
import io
import json
import logging
import os
import sys

from modelscan.modelscan import ModelScan
from picklescan.scanner import SafetyLevel, scan_file_path

logging.disable(logging.CRITICAL)


def picklescan(path):
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            r = scan_file_path(path)
    except Exception:
        return 'crash'
    if r.scan_err:
        return 'error'
    if r.infected_files or r.issues_count:
        return 'dangerous'
    if any(g.safety == SafetyLevel.Suspicious for g in r.globals):
        return 'suspicious'
    return 'clean'


def modelscan(path):
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            m = ModelScan().scan(path)
    except Exception:
        return 'crash'
    severities = [i['severity'] for i in m.get('issues', [])]
    if severities:
        return 'dangerous' if any(s in ('CRITICAL', 'HIGH') for s in severities) else 'suspicious'
    if m.get('errors'):
        return 'error'
    if not m['summary']['scanned']['total_scanned']:
        return 'skip'
    return 'clean'


def main():
    out = sys.argv[1]
    result = {}
    for entry in json.load(open(os.path.join(out, 'manifest.json'))):
        path = os.path.join(out, entry['file'])
        result[entry['id']] = {'picklescan': picklescan(path), 'modelscan': modelscan(path)}
    json.dump(result, sys.stdout)


main()
