import json, urllib.request, subprocess, time, base64, sys
PORT=19515
class WD:
    def __init__(self):
        self.proc=subprocess.Popen(["chromedriver","--port=%d"%PORT],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL)
        time.sleep(1)
        caps={"capabilities":{"alwaysMatch":{"browserName":"chrome","goog:chromeOptions":{"binary":"/usr/bin/chromium","args":["--headless=new","--no-sandbox","--disable-gpu","--window-size=1280,900"]}}}}
        r=self.req("POST","/session",caps); self.sid=r["value"]["sessionId"]
    def req(self,m,p,body=None):
        data=None if body is None else json.dumps(body).encode()
        rq=urllib.request.Request("http://127.0.0.1:%d%s"%(PORT,p),data=data,method=m,headers={"Content-Type":"application/json"})
        try:
            return json.load(urllib.request.urlopen(rq))
        except urllib.error.HTTPError as e:
            return json.load(e)
    def s(self,m,p,body=None): return self.req(m,"/session/%s%s"%(self.sid,p),body)
    def go(self,url): return self.s("POST","/url",{"url":url})
    def js(self,script,*args): return self.s("POST","/execute/sync",{"script":script,"args":list(args)})["value"]
    def size(self,w,h=900): return self.s("POST","/window/rect",{"width":w,"height":h})
    def shot(self,path):
        open(path,"wb").write(base64.b64decode(self.s("GET","/screenshot")["value"]))
    def keys(self,text): return self.s("POST","/actions",{"actions":[{"type":"key","id":"k","actions":sum([[{"type":"keyDown","value":c},{"type":"keyUp","value":c}] for c in text],[])}]})
    def quit(self):
        self.s("DELETE",""); self.proc.terminate()
