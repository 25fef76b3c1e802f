from p import *
auto=call('POST','/entitlements',{"name":"A10","integration_type":"license_key","integration_config":{}})[2]['id']
g=call('POST',f'/entitlements/{auto}/grants',{"customer":{"email":"i10@x.com"}})[2]; key=g['license_key']['key']
show('validate inst empty', call('POST','/licenses/validate',{"license_key":key,"license_key_instance_id":""},key=None))
show('validate inst null', call('POST','/licenses/validate',{"license_key":key,"license_key_instance_id":None},key=None))
show('deactivate inst empty', call('POST','/licenses/deactivate',{"license_key":key,"license_key_instance_id":""},key=None))
show('validate key padded', call('POST','/licenses/validate',{"license_key":" "+key+" "},key=None))
show('activate key padded', call('POST','/licenses/activate',{"license_key":" "+key+" ","name":"x"},key=None))
old=call('GET',f'/.well-known/grantor/keys/{env["B"]}',key=None)[2]['keys'][0]['kid']
show('rotate sk', call('POST','/signing_keys/rotate'))
show('delete old sk', call('DELETE',f'/signing_keys/{old}'))
show('ent delete again', call('DELETE',f'/entitlements/{auto}'))
show('ent delete again2', call('DELETE',f'/entitlements/{auto}'))
