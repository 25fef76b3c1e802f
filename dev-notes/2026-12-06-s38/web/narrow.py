"""Console and portal pages with session 38's hostile data in headless Chromium at 360 px: nothing wider than the
screen, the first Tab on the skip link, a search's answer focused. Usage: python3 narrow.py DIR/env (after probe.py)."""
import sys, time, urllib.parse, re
sys.path.insert(0, __import__('os').path.dirname(__file__))
from wd import WD
env = dict(line.split('=', 1) for line in open(sys.argv[1]).read().split('\n') if '=' in line)
base = 'http://127.0.0.1:%s' % env['PORT']
w = WD()
try:
    w.size(360, 800)
    w.go(env['OWNER2'])
    w.js("document.querySelector('main button[type=submit]').click()")
    time.sleep(1)
    for p in ['/console/', '/console/grants', '/console/customers', '/console/pools', '/console/webhooks',
              '/console/outbox', '/console/team', '/console/grants?q=ann%40example.com&status=']:
        w.go(base + p)
        wide = w.js("return document.documentElement.scrollWidth")
        focus = w.js("const e=document.activeElement; return e ? (e.id || e.tagName) : 'none'")
        w.keys('\ue004')
        first = w.js("return document.activeElement.textContent.trim().slice(0,40)")
        print('%-45s width %s focus-on-load %-8s first Tab %r' % (p, wide, focus, first))
    w.go(base + '/console/grants')
    for g in re.findall(r'/console/grants/(entg_[A-Za-z0-9]+)', w.js("return document.body.innerHTML"))[:2]:
        w.go(base + '/console/grants/' + g)
        print('%-45s width %s' % ('/console/grants/' + g, w.js("return document.documentElement.scrollWidth")))
    w.shot('/tmp/web/narrow-grants.png')
finally:
    w.quit()
