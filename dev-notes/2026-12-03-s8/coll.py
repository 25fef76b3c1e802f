#!/usr/bin/env python3
# coll.py FILE [--thread PREFIX] [--inc N] [--self N] [--grep SUBSTR]: summarize async-profiler collapsed stacks
import sys, collections, re
args=sys.argv[1:]; f=args[0]
opt=lambda k,d=None: args[args.index(k)+1] if k in args else d
thr=opt('--thread'); ninc=int(opt('--inc','40')); nself=int(opt('--self','30')); grep=opt('--grep')
inc=collections.Counter(); slf=collections.Counter(); threads=collections.Counter(); total=0
for line in open(f):
    stack,_,n=line.rstrip().rpartition(' '); n=int(n)
    frames=stack.split(';')
    t=frames[0] if frames[0].startswith('[') else '?'
    tn=re.sub(r'[ \d#-]+tid=\d+\]$','',t)
    threads[re.sub(r'\d+','#',t.split(' tid=')[0])]+=n
    if thr and thr not in t: continue
    if grep and grep not in stack: continue
    total+=n
    for fr in set(frames[1:]): inc[fr]+=n
    slf[frames[-1]]+=n
print('threads:'); [print(f'  {v:6d} {k}') for k,v in threads.most_common(12)]
print(f'total {total}')
print('inclusive:'); [print(f'  {100*v/total:5.1f}% {k[:150]}') for k,v in inc.most_common(ninc)]
print('self:'); [print(f'  {100*v/total:5.1f}% {k[:150]}') for k,v in slf.most_common(nself)]
