import socket,sys
def send(raw):
    s=socket.create_connection(("127.0.0.1",int(__import__("os").environ.get("PORT","8080")))); s.sendall(raw); s.settimeout(3)
    data=b""
    try:
        while True:
            d=s.recv(65536)
            if not d: break
            data+=d
    except Exception: pass
    s.close(); head,_,body=data.partition(b"\r\n\r\n")
    print(repr(raw[:60]), '->', head.split(b"\r\n")[0], [h for h in head.split(b"\r\n") if h.lower().startswith(b"content-type")], body[:80])
send(b"GET /console/%zz HTTP/1.1\r\nHost: x\r\n\r\n")
send(b"GET /console/a b HTTP/1.1\r\nHost: x\r\n\r\n")
send(b"GET /console/"+b"a"*9000+b" HTTP/1.1\r\nHost: x\r\n\r\n")
send(b"GET /portal/"+b"a"*9000+b" HTTP/1.1\r\nHost: x\r\n\r\n")
send(b"GET /entitlements/"+b"a"*9000+b" HTTP/1.1\r\nHost: x\r\n\r\n")
send(b"GET http://x/console/%zz HTTP/1.1\r\nHost: x\r\n\r\n")
send(b"GET http://x/console/nothing HTTP/1.1\r\nHost: x\r\n\r\n")
send(b"GET /console/x HTTP/9.1\r\nHost: x\r\n\r\n")
send(b"G@T /console/x HTTP/1.1\r\nHost: x\r\n\r\n")
send(b"GET /console/x\x01y HTTP/1.1\r\nHost: x\r\n\r\n")
send(b"GET /console/x HTTP/1.1\r\nHost: x\r\nX: "+b"a"*9000+b"\r\n\r\n")
