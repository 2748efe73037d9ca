import yaml,sys
c=sys.argv[1]
t=open(f'{c}/draft.txt').read(); L=yaml.safe_load(open(f'{c}/labels.yaml'))
ents=[(e['at'],e['text'],e) for e in L['figures']]+[(e['at'],e['text'],{'N':1}) for e in L['non_figures']]
ents.sort(key=lambda x:x[0])
out=[];p=0
for at,tx,e in ents:
    out.append(t[p:at])
    if 'N' in e: tag='n'
    elif e['expect']=='supported': tag='S'+('d' if e['kind']=='derived' else '')
    elif e['expect']=='unverified': tag='U'
    else: tag='E:'+e['kind']
    if e.get('covered') is True: tag='c'+tag
    out.append(f'[{tx}|{tag}]'); p=at+len(tx)
out.append(t[p:]); print(''.join(out)); print('=========')
