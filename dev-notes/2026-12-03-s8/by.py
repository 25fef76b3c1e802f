#!/usr/bin/env python3
# by.py FILE THREADSUBSTR LEAFSUBSTR [FRAMESUBSTR]: samples whose stack contains LEAFSUBSTR, grouped by the deepest frame containing FRAMESUBSTR (default dev/grantor)
import sys, collections
f,thr,leaf=sys.argv[1:4]; key=sys.argv[4] if len(sys.argv)>4 else 'dev/grantor'
c=collections.Counter(); tot=0; all_=0
for line in open(f):
    stack,_,n=line.rstrip().rpartition(' '); n=int(n); fr=stack.split(';')
    if thr not in fr[0]: continue
    all_+=n
    if leaf not in stack: continue
    tot+=n
    k=[x for x in fr if key in x]
    c[k[-1] if k else '?']+=n
print(f'{tot} of {all_} samples ({100*tot/max(all_,1):.1f}%)')
for k,v in c.most_common(25): print(f'  {100*v/all_:5.1f}% {k}')
