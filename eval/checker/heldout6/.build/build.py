"""Examiner's own build script: draft.src (inline markup) -> draft.txt + labels.yaml.
Markup: ⟦label|tag|note⟧ ; tag = m (supported match) | d (supported derived; note = EXPR[; comment])
        | u (unverified, covered false) | n (non-figure) | e:KIND (error; KIND may be empty)
Years / month ranges / plan names are marked as non-figures automatically."""
import json, re, sys, os

AUTO = [r'(?:19|20)\d{2}年(?:\d{1,2}月(?:\d{1,2}日)?)?', r'\d{1,2}-\d{1,2}月', r'\d{1,2}月底',
        r'“十[四五]五”', r'二十大', r'二十届[一二三四五]中(?:、[一二三四五]中)?全会']
MARK = re.compile(r'⟦([^⟧]*)⟧')

def fmt(v):
    return f"{v:.4f}".rstrip('0').rstrip('.')

def build(case_dir, src_path, partial):
    src = open(src_path, encoding='utf-8').read()
    out, figs, nons = [], [], []
    pos = 0; plain_spans = []  # (start_in_out, text) for auto detection
    cur = 0
    for m in MARK.finditer(src):
        seg = src[pos:m.start()]
        plain_spans.append((cur, seg)); out.append(seg); cur += len(seg)
        parts = m.group(1).split('|')
        label, tag = parts[0], parts[1]
        note = '|'.join(parts[2:]) if len(parts) > 2 else ''
        at = cur
        out.append(label); cur += len(label)
        e = {'text': label, 'at': at}
        if tag == 'n':
            if note: e['note'] = note
            nons.append(e)
        else:
            if tag == 'm':
                e.update(expect='supported', kind='match')
            elif tag == 'd':
                expr, _, comment = note.partition(';')
                val = eval(expr.strip())
                note = f"{expr.strip()} = {fmt(val)}" + (f"; {comment.strip()}" if comment.strip() else '')
                e.update(expect='supported', kind='derived')
            elif tag == 'u':
                assert partial, (src_path, label)
                e.update(expect='unverified')
            elif tag.startswith('e:'):
                e.update(expect='error', kind=tag[2:])
            else:
                raise SystemExit(f"bad tag {tag} in {label}")
            if partial:
                e['covered'] = (tag != 'u')
            if note: e['note'] = note
            figs.append(e)
        pos = m.end()
    seg = src[pos:]; plain_spans.append((cur, seg)); out.append(seg)
    text = ''.join(out)
    for base, seg in plain_spans:
        for pat in AUTO:
            for mm in re.finditer(pat, seg):
                nons.append({'text': mm.group(0), 'at': base + mm.start()})
    # drop auto hits nested inside an earlier one (e.g. month range inside a date)
    nons.sort(key=lambda x: (x['at'], -len(x['text'])))
    kept = []
    for x in nons:
        if kept and x['at'] < kept[-1]['at'] + len(kept[-1]['text']):
            continue
        kept.append(x)
    figs.sort(key=lambda x: x['at'])
    with open(os.path.join(case_dir, 'draft.txt'), 'w', encoding='utf-8') as f:
        f.write(text)
    order = ['text', 'at', 'covered', 'expect', 'kind', 'note']
    def line(e):
        items = []
        for k in order:
            if k in e:
                v = e[k]
                items.append(f"{k}: {json.dumps(v, ensure_ascii=False)}")
        return '  - {' + ', '.join(items) + '}'
    with open(os.path.join(case_dir, 'labels.yaml'), 'w', encoding='utf-8') as f:
        f.write('figures:\n' + '\n'.join(line(e) for e in figs) + '\n')
        f.write('non_figures:\n' + '\n'.join(line(e) for e in kept) + '\n')
    return text, figs, kept

if __name__ == '__main__':
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    cases = json.load(open(os.path.join(os.path.dirname(__file__), 'cases.json'), encoding='utf-8'))
    for name, partial in cases.items():
        d = os.path.join(root, name); os.makedirs(d, exist_ok=True)
        if not os.path.exists(os.path.join(os.path.dirname(__file__), 'src', name + '.src')): continue
        text, figs, nons = build(d, os.path.join(os.path.dirname(__file__), 'src', name + '.src'), partial)
        ne = sum(1 for e in figs if e['expect'] == 'error')
        nc = sum(1 for e in figs if e.get('covered'))
        print(f"{name}: chars={len(text)} figures={len(figs)} errors={ne} covered={nc if partial else '-'} non_figures={len(nons)}")
