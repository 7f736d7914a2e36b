"""Which globals CPython's own unpicklers reach in each pickle fixture, with nothing executed:
find_class is stubbed to record (module, name) and return an inert stub, persistent ids load as
stubs, and every call made on a stub returns another stub. Both the C unpickler (reading the
file, as torch.load/np.load/joblib.load do) and the pure-Python one are run; every stream is
loaded until EOF or the first error. Prints {file: [[module, name], ...]} as JSON.

Usage: python reach.py OUT  (OUT/manifest.json from make_fixtures.py)
Only files that are bare pickle streams are run (kinds gadget, parser, robustness, benign, and
the raw-pickle containers); archives are left to the scanner's own tests.
"""
import io
import json
import os
import pickle
import sys


class Stub:
    def __init__(self, *a, **k):
        pass

    def __call__(self, *a, **k):
        return Stub()

    def __getattr__(self, name):
        if name.startswith('__') and name not in ('__setstate__', '__new__'):
            raise AttributeError(name)
        return Stub()

    def __setstate__(self, state):
        pass

    def __setitem__(self, k, v):
        pass

    def __iter__(self):
        return iter(())


def reached_by(unpickler_cls, path):
    found = []

    class Recording(unpickler_cls):
        def find_class(self, module, name):
            found.append([module, name])
            return Stub

        def persistent_load(self, pid):
            return Stub()

    with open(path, 'rb') as f:
        for _ in range(16):
            try:
                Recording(f).load()
            except Exception:
                break
    return found


def main():
    out = sys.argv[1]
    manifest = json.load(open(os.path.join(out, 'manifest.json')))
    result = {}
    raw = {'C10', 'C10b', 'C11', 'C12', 'C13', 'C22', 'S04'}
    for entry in manifest:
        if entry['kind'] not in ('gadget', 'parser', 'robustness', 'benign') and entry['id'] not in raw:
            continue
        if entry['id'] in ('R06', 'R08'):
            continue  # deep recursion / slow under the pure-Python unpickler; nothing to reach
        path = os.path.join(out, entry['file'])
        seen = []
        for cls in (pickle.Unpickler, pickle._Unpickler):
            for pair in reached_by(cls, path):
                if pair not in seen:
                    seen.append(pair)
        result[entry['file']] = seen
    json.dump(result, sys.stdout)


main()
