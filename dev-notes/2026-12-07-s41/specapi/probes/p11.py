from p import *
import uuid
k="m-"+uuid.uuid4().hex
e=call('POST','/entitlements',{"name":"PD2","integration_type":"license_key","integration_config":{}})[2]['id']
show('patch {}', call('PATCH',f'/entitlements/{e}',raw='{}',headers={"Idempotency-Key":k}))
show('delete {}', call('DELETE',f'/entitlements/{e}',raw='{}',headers={"Idempotency-Key":k}))
show('get', call('GET',f'/entitlements/{e}'))
