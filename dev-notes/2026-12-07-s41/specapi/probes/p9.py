from p import *
for q in ['page_size=abc','page_size=1.5','page_size=','page_size=%2B5','page_size=007','page_size=99999999999999999999','page_number=99999999999','page_number=2147483647&page_size=100','status=pending','status=PeNdInG','status=','customer_id=%20']:
    s,h,j=call('GET','/grants?'+q); print(q, s, json.dumps(j)[:160])
for q in ['page_size=abc','page_number=-1']:
    for p in ['/entitlements','/license_keys','/license_key_instances','/customers']:
        s,h,j=call('GET',p+'?'+q); print(p,q, s, json.dumps(j)[:120])
