#!/usr/bin/env python3
"""Builds CallCenter.Data/Mailing/PostalCodes.tsv.gz from the npm package jquery-jpostal-ja (MIT; its json/ folder is
Japan Post's KEN_ALL, on which Japan Post claims no copyright and which it lets anyone redistribute).

    npm pack jquery-jpostal-ja@2.14.73 && tar xzf jquery-jpostal-ja-2.14.73.tgz
    python3 docs/tools/build-postal-codes.py package/json CallCenter.Data/Mailing/PostalCodes.tsv.gz

Only residential codes are kept (the business codes, 事業所個別番号, name a company). Output, UTF-8, gzip:
the first line the number N of municipalities, then N lines "都道府県\t市区町村", then one line per postal code:
"1234567\tindex\t町域" (町域 empty when the code covers several towns)."""
import glob, gzip, json, sys

src, out = sys.argv[1], sys.argv[2]
codes = {}
for f in sorted(glob.glob(src + '/*.json')):
    t = open(f, encoding='utf-8').read()
    for r in json.loads(t[t.index('(') + 1:t.rindex(')')]):
        code, place = r[0].lstrip('_'), (r[1], r[2])
        if r[4] or r[5] or len(code) != 7 or not code.isdigit() or not r[1] or not r[2]:
            continue
        if code not in codes:
            codes[code] = [place, r[3]]
        elif codes[code][1] != r[3]:
            codes[code][1] = ''
cities = sorted({v[0] for v in codes.values()})
index = {c: i for i, c in enumerate(cities)}
lines = [str(len(cities))] + [p + '\t' + c for p, c in cities]
lines += [f'{code}\t{index[v[0]]}\t{v[1]}' for code, v in sorted(codes.items())]
with gzip.open(out, 'wt', encoding='utf-8', compresslevel=9) as g:
    g.write('\n'.join(lines) + '\n')
print(len(codes), 'codes,', len(cities), 'municipalities')
