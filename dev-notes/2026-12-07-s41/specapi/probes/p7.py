from p import *
s,h,j=call('GET','/grants?page_size=100'); allg=j['items']; print(len(allg))
cus=allg[0]['customer_id']
s,h,j=call('GET',f'/grants?customer_id={cus}&page_size=100'); print('by customer', len(j['items']), all(x['customer_id']==cus for x in j['items']))
s,h,j=call('GET',f'/grants?integration_type=feature_flag&page_size=100'); print('ff', len(j['items']), set(x['integration_type'] for x in j['items']))
s,h,j=call('GET',f'/grants?integration_type=license_key&status=pending&page_size=100'); print('lk pending', len(j['items']), set((x['integration_type'],x['status']) for x in j['items']))
ent=allg[0]['entitlement_id']
s,h,j=call('GET',f'/grants?entitlement_id={ent}&page_size=100'); print('by ent', len(j['items']), set(x['entitlement_id'] for x in j['items']))
s,h,j=call('GET',f'/grants?entitlement_id=ent_000000000000000000000'); print('unknown ent', s, j)
s,h,j=call('GET',f'/grants?entitlement_id=garbage'); print('garbage ent', s, j)
s,h,j=call('GET',f'/grants?customer_id=garbage'); print('garbage cus', s, j)
s,h,j=call('GET',f'/customers/cus_000000000000000000000/entitlement-grants'); print('unknown cus', s, j)
# created_at desc, id desc
ids=[(x['created_at'],x['id']) for x in allg]; print('sorted', ids==sorted(ids,reverse=True))
# page stability
p=[]; n=0
while True:
    s,h,j=call('GET',f'/grants?page_size=3&page_number={n}'); 
    if not j['items']: break
    p+= [x['id'] for x in j['items']]; n+=1
print('pages', p==[x['id'] for x in allg])
s,h,j=call('GET','/entitlements?page_size=100'); e=[(x['created_at'],x['id']) for x in j['items']]; print('ents sorted', e==sorted(e,reverse=True), all(x['is_active'] for x in j['items']))
