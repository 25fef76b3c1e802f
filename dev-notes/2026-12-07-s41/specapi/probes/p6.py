from p import *
import uuid
u=uuid.uuid4().hex[:6]
auto=call('POST','/entitlements',{"name":"A6","integration_type":"license_key","integration_config":{"activations_limit":5}})[2]['id']
g=call('POST',f'/entitlements/{auto}/grants',{"customer":{"email":"i6@x.com"}})[2]
key=g['license_key']['key']
k="act-"+u
show('act idem 1', call('POST','/licenses/activate',{"license_key":key,"name":"m"},key=None,headers={"Idempotency-Key":k}))
show('act idem 2', call('POST','/licenses/activate',{"license_key":key,"name":"m"},key=None,headers={"Idempotency-Key":k}))
show('act idem bad', call('POST','/licenses/activate',{"license_key":key,"name":"m"},key=None,headers={"Idempotency-Key":"\u00e9"}))
show('instances', call('GET',f'/license_key_instances?license_key_id={g["license_key"]["id"]}'))
# PATCH vs DELETE same path same key
e=call('POST','/entitlements',{"name":"PD","integration_type":"license_key","integration_config":{}})[2]['id']
k2="pd-"+u
show('patch idem', call('PATCH',f'/entitlements/{e}',raw='',headers={"Idempotency-Key":k2}))
show('patch idem {}', call('PATCH',f'/entitlements/{e}',{},headers={"Idempotency-Key":k2}))
s,h,j=call('DELETE',f'/entitlements/{e}',headers={"Idempotency-Key":k2}); print('delete same key', s, j)
