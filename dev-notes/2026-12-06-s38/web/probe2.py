"""More of web.md's clauses against the same running service (after probe.py): the queue's order and title, the
portal's way back to the shop, "Send me this key again" (3 an hour), "Replace this key" (not within 10 minutes of
delivery). Usage: python3 probe2.py DIR/env."""
import re, sys, urllib.parse, html as htmllib
src = open(__file__.replace('probe2.py', 'probe.py')).read().split('# ---- data')[0]
exec(src)
import subprocess
jar = os.environ.get('GRANTOR_JAR', os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../bootstrap/target/grantor.jar'))
minted = subprocess.run(['java', '-jar', jar, 'console', 'login-link', '--business', env['A'], '--port', str(PORT),
                         '--data-dir', env['DIR'] + '/data'], capture_output=True, text=True).stdout
c, s, h = sign_in_console(re.search(r'http://\S+', minted).group(0))
s, h, page = c.get('/console/')
title = re.search(r'<title>(.*?)</title>', page).group(1)
rows = re.findall(r'id="row-(entg_\w+)"', page)
check('queue title count', re.search(r'Queue \((\d+)\)', title) is not None and int(re.search(r'\((\d+)\)', title).group(1)) == len(rows),
      'title %r, %d rows' % (title, len(rows)))
ids = [api('GET', '/grants/' + g)[1] for g in rows] if rows else []
check('queue oldest first', rows == sorted(rows, key=lambda g: [x for x in ids if x.get('id') == g][0].get('created_at', '')),
      str(rows))
# portal: a new link with a return_url, the back link escaped in its attribute
s, grants = api('GET', '/grants?page_size=20')
items = grants.get('items', grants if isinstance(grants, list) else [])
auto = [g for g in items if str(g.get('status')).lower() == 'delivered']
cid = auto[0]['customer_id']
s, link = api('POST', '/customers/%s/customer-portal/session?return_url=%s' % (cid, urllib.parse.quote('https://shop.example/back?a=1&b=2')))
p = Client()
s, h, page = p.get(path_of(link['link']))
p.post(path_of(link['link']), {'_csrf': csrf(page)})
s, h, page = p.get('/portal/')
check('portal back to the shop', 'href="https://shop.example/back?a=1&amp;b=2"' in page, str(re.findall(r'<a[^>]*shop.example[^>]*>[^<]*', page)[:1]))
gid = auto[0]['id']
s, h, page = p.get('/portal/grants/' + gid)
answers = []
for i in range(4):
    s, h, body = p.post('/portal/grants/%s/send-again' % gid, {'_csrf': csrf(page)})
    answers.append(s)
check('send again 3 an hour', answers[:3] == [303, 303, 303] and answers[3] == 429, str(answers))
s, h, page = p.get('/portal/grants/' + gid)
if '/replace' in page:
    s, h, body = p.post('/portal/grants/%s/replace' % gid, {'_csrf': csrf(page)})
    check('replace not within 10 minutes', s == 429, 'replace right after delivery: %s' % s)
else:
    check('replace not offered within 10 minutes of delivery', True, 'no replace form on ' + gid + ', delivered a minute ago')
print('%d checks, %d failed' % (len(results), sum(1 for r in results if not r[1])))
