from p import *
import concurrent.futures, uuid
e=call('POST','/entitlements',{'name':'RACE','integration_type':'license_key','integration_config':{}})[2]['id']
for round in range(5):
    pay='pay_'+uuid.uuid4().hex[:8]; em=f'race{round}-{pay}@x.com'
    with concurrent.futures.ThreadPoolExecutor(16) as ex:
        rs=list(ex.map(lambda i: call('POST',f'/entitlements/{e}/grants',{'customer':{'email':em},'payment_id':pay}), range(16)))
    print(sorted(r[0] for r in rs), len(set(r[2].get('id') for r in rs if r[0] in (200,201))), [r[2] for r in rs if r[0]>=300][:2])
