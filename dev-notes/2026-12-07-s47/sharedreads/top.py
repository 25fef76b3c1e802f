import collections,glob,sys
# the measurement window: the last two full loop files before the final one
d=sys.argv[1]; fs=sorted(glob.glob(d+'/*.collapsed'))[-3:-1]
tot=0; val=0; cat=collections.Counter()
rules=[('pgjdbc socket write',('PgBufferedOutputStream.flush','PGStream.flush')),
       ('pgjdbc socket read',('VisibleBufferedInputStream.readMore',)),
       ('waiting callers (SharedReads handoff)',('CompletableFuture',)),
       ('other pgjdbc',('org/postgresql',)),('hikari / connection turns',('com/zaxxer','UnitConnections')),
       ('request JSON',('GrantorJson','BodyFields')),('guess budget',('LicenseGuessBudget.proven','LicenseGuessBudget$Check')),
       ('answer rendering',('LicenseRoutes.render','Json.write','jackson')),]
for f in fs:
  for line in open(f):
    st,_,n=line.rstrip().rpartition(' '); n=int(n); tot+=n
    fr=st.split(';')
    if 'dev/grantor/adapter/rest/LicenseRoutes.validate' not in fr: continue
    val+=n
    for name,pats in rules:
        if any(any(p in x for p in pats) for x in fr): cat[name]+=n; break
    else: cat['the rest of the handler']+=n
print(f"{d}: {tot} samples in the window, {val} in the validate handler")
for k,n in cat.most_common(): print(f"  {n*100/val:5.1f}%  {k}")
