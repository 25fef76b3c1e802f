from p import *
import time, datetime
r=call('POST','/entitlements',{"name":"M4","integration_type":"license_key","integration_config":{"fulfillment_mode":"manual","activations_limit":3}}); ent=r[2]['id']
r=call('POST',f'/entitlements/{ent}/grants',{"customer":{"email":"e4@x.com","name":"E"},"payment_id":"p4"}); g=r[2]['id']; cus=r[2]['customer_id']
soon=(datetime.datetime.utcnow()+datetime.timedelta(seconds=3)).strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3]+'Z'
show('fulfill soon', call('POST',f'/grants/{g}/license-key',{"key":"EXP-SOON-1","expires_at":soon}))
a=call('POST','/licenses/activate',{"license_key":"EXP-SOON-1","name":"m"},key=None); show('act',a)
show('validate inst', call('POST','/licenses/validate',{"license_key":"EXP-SOON-1","license_key_instance_id":a[2]['id']},key=None))
time.sleep(4)
show('activate expired', call('POST','/licenses/activate',{"license_key":"EXP-SOON-1","name":"m2"},key=None))
show('validate expired', call('POST','/licenses/validate',{"license_key":"EXP-SOON-1"},key=None))
show('grant expired', call('GET',f'/grants/{g}'), True)
show('lk list expired', call('GET',f'/license_keys?status=expired'))
show('checkout expired', call('POST','/licenses/check-out',{"license_key":"EXP-SOON-1"},key=None))
show('rotate expired', call('POST',f'/license_keys/{call("GET",f"/grants/{g}")[2]["license_key"]["id"]}/rotate',{"key":"EXP-NEW"}))
show('deactivate expired', call('POST','/licenses/deactivate',{"license_key":"EXP-SOON-1","license_key_instance_id":a[2]['id']},key=None))
# instance delete 204
r=call('POST',f'/entitlements/{ent}/grants',{"customer":{"email":"e5@x.com"},"payment_id":"p5"}); g5=r[2]['id']
r=call('POST',f'/grants/{g5}/license-key',{"key":"DEL-INST-1"}); lic=r[2]['license_key']['id']
a=call('POST','/licenses/activate',{"license_key":"DEL-INST-1","name":"m"},key=None)
show('inst get', call('GET',f'/license_key_instances/{a[2]["id"]}'), True)
show('inst patch blank', call('PATCH',f'/license_key_instances/{a[2]["id"]}',{"name":" "}))
show('inst patch 256', call('PATCH',f'/license_key_instances/{a[2]["id"]}',{"name":"n"*256}))
show('inst patch missing', call('PATCH',f'/license_key_instances/{a[2]["id"]}',{}))
show('inst patch ro', call('PATCH',f'/license_key_instances/{a[2]["id"]}',{"name":"x"},key=env['RO']))
show('inst delete ro', call('DELETE',f'/license_key_instances/{a[2]["id"]}',key=env['RO']))
show('inst delete', call('DELETE',f'/license_key_instances/{a[2]["id"]}'))
show('inst delete again', call('DELETE',f'/license_key_instances/{a[2]["id"]}'))
# rotation not rotatable
r=call('POST',f'/entitlements/{ent}/grants',{"customer":{"email":"e6@x.com"},"payment_id":"p6"}); g6=r[2]['id']
call('POST',f'/grants/{g6}/license-key',{"key":"ROT-1"})
lic6=call('GET',f'/grants/{g6}')[2]['license_key']['id']
show('rotate manual no key', call('POST',f'/license_keys/{lic6}/rotate',{}))
show('rotate manual', call('POST',f'/license_keys/{lic6}/rotate',{"key":"ROT-2"}))
show('old validates?', call('POST','/licenses/validate',{"license_key":"ROT-1"},key=None))
show('new validates?', call('POST','/licenses/validate',{"license_key":"ROT-2"},key=None))
call('DELETE',f'/entitlements/{ent}/grants/{g6}')
show('rotate revoked', call('POST',f'/license_keys/{lic6}/rotate',{"key":"ROT-3"}))
show('ro rotate', call('POST',f'/license_keys/{lic6}/rotate',{"key":"ROT-3"},key=env['RO']))
show('validate revoked', call('POST','/licenses/validate',{"license_key":"ROT-2"},key=None))
show('activate revoked', call('POST','/licenses/activate',{"license_key":"ROT-2","name":"m"},key=None))
show('lk revoked', call('GET',f'/license_keys/{lic6}'))
show('checkout ttl low', call('POST','/licenses/check-out',{"license_key":"DEL-INST-1","ttl_seconds":3599},key=None))
s,h,j=call('POST','/licenses/check-out',{"license_key":"DEL-INST-1"},key=None); print('checkout', s, h.get('Content-Type'), str(j)[:200])
show('jwks', call('GET',f'/.well-known/grantor/keys/{env["B"]}',key=None))
show('signed manual', call('POST','/entitlements',{"name":"S","integration_type":"license_key","integration_config":{"fulfillment_mode":"manual","key_format":"signed"}}))
show('signing rotate ro', call('POST','/signing_keys/rotate',key=env['RO']))
show('ready', call('GET','/ready',key=None))
