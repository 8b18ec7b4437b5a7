#!/usr/bin/env python3
"""Rewrites relative Markdown links in published READMEs (packages/*/README.md) to absolute repository
URLs, so that they resolve on the npm registry page too. Idempotent; run after editing a README."""
import glob, posixpath, re, sys

BASE = 'https://github.com/seq2seq-losses/seq2seq-losses/blob/main/'
LINK = re.compile(r'(!?\[[^\]]*\]\()([^)\s]+)(\))')

def rewrite(path):
    folder = posixpath.dirname(path)
    def fix(m):
        target = m.group(2)
        if re.match(r'^[a-z]+:', target) or target.startswith('#'):
            return m.group(0)
        file, _, anchor = target.partition('#')
        resolved = posixpath.normpath(posixpath.join(folder, file))
        return m.group(1) + BASE + resolved + ('#' + anchor if anchor else '') + m.group(3)
    text = open(path).read()
    new = LINK.sub(fix, text)
    if new != text:
        open(path, 'w').write(new)
        print(f'{path}: links made absolute')

for path in sorted(glob.glob('packages/*/README.md')):
    rewrite(path)
