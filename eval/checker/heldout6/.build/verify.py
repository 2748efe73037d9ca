"""Examiner's own checks of the held-out set (independent of build.py)."""
import yaml, re, os, sys, json
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
cases = json.load(open(os.path.join(os.path.dirname(__file__), 'cases.json')))
KINDS_E = {'wrong_value','wrong_scale','wrong_unit','percent_point','approximation','misattributed','stale_period','unsupported','placeholder',''}
CN = '一二三四五六七八九十百千万亿两兩萬億零'
OK_WORDS = ['一是','二是','三是','四是','五是','六是','进一步','進一步','统一','統一','一体','一體','一站式','万众','一流','一线','一線','第一责任人','第一責任人','唯一','一起','一把手','一企一策','一批','一定','一年来','一年來','千方百计','五个','一、','二、','三、','四、','五、','六、','（一）','（二）','（三）','（四）','（五）','（六）','（七）','一次性','十五五','十四五','二十','一岗双责','双倍增','一系列','万千','三下乡','三下鄉','三农','三農','一步','万人','统筹','一方面','同一','之一','一以贯之','一致','一道','一手','一张','一體化','一体化']
tot = {}
for name, partial in cases.items():
    d = os.path.join(root, name)
    if not os.path.exists(os.path.join(d, 'labels.yaml')): continue
    text = open(os.path.join(d, 'draft.txt'), encoding='utf-8').read()
    lab = yaml.safe_load(open(os.path.join(d, 'labels.yaml'), encoding='utf-8'))
    notes_txt = open(os.path.join(d, 'notes.yaml'), encoding='utf-8').read()
    notes = yaml.safe_load(notes_txt)
    probs = []
    spans = []
    prev = -1
    for e in lab['figures']:
        t, at = e['text'], e['at']
        if text[at:at+len(t)] != t: probs.append(f"offset mismatch {e}")
        if at <= prev: probs.append(f"order {e}")
        prev = at
        spans.append((at, at+len(t)))
        ex = e['expect']
        if ex not in ('supported','error','unverified'): probs.append(f"expect {e}")
        if partial:
            if 'covered' not in e: probs.append(f"no covered {e}")
            if ex == 'unverified' and e['covered']: probs.append(f"unverified but covered {e}")
            if ex != 'unverified' and not e['covered']: probs.append(f"uncovered but {ex} {e}")
        else:
            if 'covered' in e or ex == 'unverified': probs.append(f"full case has covered/unverified {e}")
        if ex == 'error' and e.get('kind') not in KINDS_E: probs.append(f"kind {e}")
        if ex == 'supported' and e.get('kind') not in ('match','derived'): probs.append(f"kind {e}")
        if ex == 'error' and not e.get('note'): probs.append(f"error without note {e}")
        if e.get('kind') == 'derived':
            expr, _, rest = e['note'].partition(' = ')
            val = eval(expr)
            m = re.search(r'\d+(?:\.\d+)?', t)
            if m:
                x = float(m.group(0)); dec = len(m.group(0).split('.')[1]) if '.' in m.group(0) else 0
                if any(w in t for w in ('以上','余','多','超')):
                    ok = val >= x - 1e-9
                elif any(w in t for w in ('近','不到','不足')):
                    ok = val < x
                else:
                    ok = abs(val - x) <= 0.5 * 10**-dec + 1e-9
                if not ok: probs.append(f"ARITH {t}: {expr} = {val}")
            else:
                print(f"  [manual arith] {name}: {t} <- {e['note']}")
    for e in lab['non_figures']:
        t, at = e['text'], e['at']
        if text[at:at+len(t)] != t: probs.append(f"nonfig offset mismatch {e}")
        spans.append((at, at+len(t)))
    spans.sort()
    for a, b in zip(spans, spans[1:]):
        if b[0] < a[1]: probs.append(f"overlap {text[a[0]:a[1]]} / {text[b[0]:b[1]]}")
    inside = lambda i: any(s <= i < e for s, e in spans)
    # every Arabic digit / X placeholder must be inside a label (except heading numbers 1、 1.)
    for m in re.finditer(r'[0-9０-９]+|X+|×', text):
        if not inside(m.start()):
            ls = text.rfind('\n', 0, m.start()) + 1
            if m.start() == ls and text[m.end():m.end()+1] in '、.．': continue
            probs.append(f"unlabelled number '{m.group(0)}' at {m.start()}: …{text[max(0,m.start()-12):m.end()+8]}…")
    # Chinese numerals outside labels: show for manual review
    cn_hits = []
    for m in re.finditer(f'[{CN}]+', text):
        i = m.start()
        if inside(i): continue
        ctx = text[max(0, i-3): m.end()+3]
        if any(w in text[max(0,i-4):m.end()+4] for w in OK_WORDS): continue
        cn_hits.append(ctx.replace('\n',' '))
    # supported matches: is the Arabic number somewhere in the notes?
    miss = []
    for e in lab['figures']:
        if e['expect'] == 'supported' and e.get('kind') == 'match':
            m = re.search(r'\d+(?:\.\d+)?', e['text'])
            if m and m.group(0) not in notes_txt: miss.append(e['text'])
    nf = len(lab['figures']); ne = sum(e['expect']=='error' for e in lab['figures'])
    nc = sum(bool(e.get('covered')) for e in lab['figures'])
    nchar = len(text); nns = len(re.sub(r'\s', '', text))
    print(f"{name}: chars={nchar} (non-space {nns}) figures={nf} errors={ne} covered={nc if partial else '-'} "
          f"unverified={sum(e['expect']=='unverified' for e in lab['figures'])} non_figures={len(lab['non_figures'])} indicators={len(notes.get('indicators', notes.get('指标', [])))}")
    for p in probs: print('  PROBLEM', p)
    if cn_hits: print('  cn-numerals outside labels:', ' | '.join(cn_hits))
    if miss: print('  match-labels whose number is not literally in notes:', miss)
