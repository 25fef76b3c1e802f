from p import *
import uuid
u=uuid.uuid4().hex[:6]
auto=call('POST','/entitlements',{"name":"A8","integration_type":"license_key","integration_config":{}})[2]['id']
g=call('POST',f'/entitlements/{auto}/grants',{"customer":{"email":"i8@x.com"}})[2]; cus=g['customer_id']
show('import past', call('POST','/license_keys',{"customer_id":cus,"key":"IMPP-"+u,"product_id":auto,"expires_at":"2020-01-01T00:00:00Z"}))
show('import dup', call('POST','/license_keys',{"customer_id":cus,"key":g['license_key']['key'],"product_id":auto}))
show('import blank', call('POST','/license_keys',{"customer_id":cus,"key":"  ","product_id":auto}))
show('import 256', call('POST','/license_keys',{"customer_id":cus,"key":"k"*256,"product_id":auto}))
show('import ro', call('POST','/license_keys',{"customer_id":cus,"key":"IMPRO-"+u,"product_id":auto},key=env['RO']))
r=call('POST','/license_keys',{"customer_id":cus,"key":"  IMP8-"+u+" ","product_id":auto}); show('import ok', r)
lic=r[2]['id']
show('rotate imported auto', call('POST',f'/license_keys/{lic}/rotate',{}))
show('disable imported', call('PATCH',f'/license_keys/{lic}',{"disabled":True}))
show('disable imported again', call('PATCH',f'/license_keys/{lic}',{"disabled":True}))
show('rotate disabled imported', call('POST',f'/license_keys/{lic}/rotate',{}))
show('enable imported', call('PATCH',f'/license_keys/{lic}',{"disabled":False}))
show('patch expiry past', call('PATCH',f'/license_keys/{lic}',{"expires_at":"2020-01-01T00:00:00Z"}))
show('patch expiry null', call('PATCH',f'/license_keys/{lic}',{"expires_at":None}))
show('patch empty', call('PATCH',f'/license_keys/{lic}',{}))
show('patch disabled null', call('PATCH',f'/license_keys/{lic}',{"disabled":None}))
show('jwks unknown', call('GET','/.well-known/grantor/keys/bus_000000000000000000000',key=None))
show('lk other biz', call('GET',f'/license_keys/{lic}',key=env['K2']))
show('lk patch other biz', call('PATCH',f'/license_keys/{lic}',{"disabled":True},key=env['K2']))
show('checkout ttl max+1', call('POST','/licenses/check-out',{"license_key":g['license_key']['key'],"ttl_seconds":31536001},key=None))
show('checkout ttl max', call('POST','/licenses/check-out',{"license_key":g['license_key']['key'],"ttl_seconds":31536000},key=None))
show('checkout unknown', call('POST','/licenses/check-out',{"license_key":"nope-"+u},key=None))
show('del ent then get grant', call('DELETE',f'/entitlements/{auto}'))
show('lk of deleted ent', call('GET',f'/license_keys/{g["license_key"]["id"]}'))
show('import for deleted ent', call('POST','/license_keys',{"customer_id":cus,"key":"IMPD-"+u,"product_id":auto}))
show('validate deleted ent key', call('POST','/licenses/validate',{"license_key":g['license_key']['key']},key=None))
show('activate deleted ent key', call('POST','/licenses/activate',{"license_key":g['license_key']['key'],"name":"x"},key=None))
