from p import *
import uuid
u=uuid.uuid4().hex[:6]
man=call('POST','/entitlements',{"name":"M5","integration_type":"license_key","integration_config":{"fulfillment_mode":"manual"}})[2]['id']
auto=call('POST','/entitlements',{"name":"A5","integration_type":"license_key","integration_config":{}})[2]['id']
gh=call('POST','/entitlements',{"name":"G5","integration_type":"github","integration_config":{"target_id":"t","permission":"pull"}})[2]['id']
ggh=call('POST',f'/entitlements/{gh}/grants',{"customer":{"email":"o1@x.com"}})[2]['id']
gauto=call('POST',f'/entitlements/{auto}/grants',{"customer":{"email":"o2@x.com"}})[2]
gsub=call('POST',f'/entitlements/{man}/grants',{"customer":{"email":"o3@x.com"},"subscription_id":"s"+u})[2]['id']
gdel=call('POST',f'/entitlements/{man}/grants',{"customer":{"email":"o4@x.com"},"payment_id":"p"+u})[2]['id']
call('POST',f'/grants/{gdel}/license-key',{"key":"ORD-"+u})
gpend=call('POST',f'/entitlements/{man}/grants',{"customer":{"email":"o5@x.com"},"payment_id":"q"+u})[2]['id']
show('r3<r4 github bad key', call('POST',f'/grants/{ggh}/license-key',{"key":"a\u0001"}))
show('r3<r4 github missing key', call('POST',f'/grants/{ggh}/license-key',{}))
show('r3<r5 delivered bad limit', call('POST',f'/grants/{gdel}/license-key',{"key":"X","activations_limit":0}))
show('r3<r4 auto bad limit', call('POST',f'/grants/{gauto["id"]}/license-key',{"key":"X","activations_limit":0}))
show('r4<r5 auto delivered', call('POST',f'/grants/{gauto["id"]}/license-key',{"key":"X"}))
show('r4<r5 auto delivered own key', call('POST',f'/grants/{gauto["id"]}/license-key',{"key":gauto['license_key']['key']}))
show('r5<r6 delivered used key', call('POST',f'/grants/{gdel}/license-key',{"key":gauto['license_key']['key']}))
show('r3 sub expiry', call('POST',f'/grants/{gsub}/license-key',{"key":"S-"+u,"expires_at":"2030-01-01T00:00:00Z"}))
show('r3 sub expiry on github', call('POST',f'/grants/{ggh}/license-key',{"key":"S-"+u,"expires_at":"2030-01-01T00:00:00Z"}))
show('r5 same key diff limit', call('POST',f'/grants/{gdel}/license-key',{"key":"ORD-"+u,"activations_limit":7}))
show('r5 same key padded', call('POST',f'/grants/{gdel}/license-key',{"key":"  ORD-"+u+" "}))
call('DELETE',f'/entitlements/{man}/grants/{gdel}')
show('r5 revoked same key', call('POST',f'/grants/{gdel}/license-key',{"key":"ORD-"+u}))
show('key not string', call('POST',f'/grants/{gpend}/license-key',{"key":123}))
show('limit string', call('POST',f'/grants/{gpend}/license-key',{"key":"K","activations_limit":"3"}))
show('limit fraction', call('POST',f'/grants/{gpend}/license-key',{"key":"K","activations_limit":1.5}))
show('limit 1.0', call('POST',f'/grants/{gpend}/license-key',{"key":"K"+u,"activations_limit":1.0}))
show('expires no offset', call('POST',f'/grants/{gpend}/license-key',{"key":"K","expires_at":"2030-01-01T00:00:00"}))
show('expires offset +02', call('POST',f'/grants/{gpend}/license-key',{"key":"K","expires_at":"2030-01-01T00:00:00+02:00"}))
show('unknown grant', call('POST','/grants/entg_nope/license-key',{"key":"K"}))
show('body array', call('POST',f'/grants/{gpend}/license-key',raw='[]'))
show('body empty', call('POST',f'/grants/{gpend}/license-key',raw=''))
show('no content type', call('POST',f'/grants/{gpend}/license-key',raw='{"key":"x"}',headers={"Content-Type":"text/plain"}))
show('activate name 256', call('POST','/licenses/activate',{"license_key":"nope","name":"n"*256},key=None))
show('validate blank', call('POST','/licenses/validate',{"license_key":"  "},key=None))
show('validate not json', call('POST','/licenses/validate',raw='{',key=None))
show('validate text', call('POST','/licenses/validate',raw='{"license_key":"x"}',headers={"Content-Type":"text/plain"},key=None))
show('activate auth ignored bad', call('POST','/licenses/validate',{"license_key":"nope"},key="garbage"))
