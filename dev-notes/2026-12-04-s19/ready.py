import socket, threading, sys
body = ('{"\u5827?yF4?\u0645\u0641\u062a\u0627\u062d\U00020000\\"\\\\\u5a9341b\u333253qFJ\u26fe\ufeff\\\\?218??x0').encode('utf-8')
body = body + b'x' * max(0, 87 - len(body))
body = body[:87]
req = (b"GET /ready HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer gr_live_kJDAZX4VpoS92Inn4tdGeLd5RKUUNeHkq9avV7bi\r\n"
       b"Content-Type: application/json\r\nContent-Length: 87\r\nConnection: close\r\n\r\n") + body
empty = [0]; reset = [0]; ok = [0]
def run(n):
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
        try:
            s.sendall(req)
            data = b""
            while True:
                chunk = s.recv(4096)
                if not chunk: break
                data += chunk
            if not data: empty[0] += 1
            else: ok[0] += 1
        except ConnectionResetError:
            reset[0] += 1
        finally:
            s.close()
ts = [threading.Thread(target=run, args=(1500,)) for _ in range(4)]
[t.start() for t in ts]; [t.join() for t in ts]
print("ok", ok[0], "empty", empty[0], "reset", reset[0])
