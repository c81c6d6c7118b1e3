#!/usr/bin/env python3
"""Scores a tokenscope JSON report of the examples extract.py wrote against its index.

    score.py INDEX REPORT [N]

INDEX is extract.py's ex.index.json, REPORT a `tokenscope scan … --format json` report of the ex/
folder next to it. An example counts as found when a finding above info has a location in its
file; a negative counts as reported on the same terms. Prints recall over the positives, the share
of the negatives reported, and the N (default 15) gitleaks rules with the most missed positives.

A negative there is negative for that one gitleaks rule, not necessarily a harmless string, so the
second figure overstates false alarms. The few examples gitleaks checks under a given file path
(ValidateWithPaths) are scanned under their ex/ name all the same.
"""
import collections
import json
import os
import sys


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit('usage: score.py INDEX REPORT [N]')
    with open(sys.argv[1], encoding='utf-8') as fh:
        index = json.load(fh)
    with open(sys.argv[2], encoding='utf-8') as fh:
        report = json.load(fh)
    top = int(sys.argv[3]) if len(sys.argv) == 4 else 15

    hit = {os.path.basename(loc['path'])
           for cred in report['credentials'] if cred['severity'] != 'info'
           for loc in cred['locations']}
    positives, found, missed = 0, 0, collections.Counter()
    totals = collections.Counter()
    negatives, reported = 0, 0
    for name, ex in index.items():
        if ex['neg']:
            negatives += 1
            reported += name in hit
        else:
            positives += 1
            totals[ex['id']] += 1
            if name in hit:
                found += 1
            else:
                missed[ex['id']] += 1
    print(f'gitleaks examples: recall {found / positives:.3f} ({found}/{positives})  '
          f'negatives reported {reported / negatives:.3f} ({reported}/{negatives})')
    print(f'most missed ({min(top, len(missed))} of {len(missed)} rules with misses, missed/examples):')
    for rule, n in sorted(missed.items(), key=lambda kv: (-kv[1], kv[0]))[:top]:
        print(f'  {rule:<50} {n:3d}/{totals[rule]}')


if __name__ == '__main__':
    main()
