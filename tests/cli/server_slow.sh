# server_slow.sh: slow clients (slowloris) lock no one out, black-box with python3 sockets, bounded
# in time (about 6 s) and connections (60), on loopback only: 40 connections from one address
# (127.0.0.2) and 20 from another (127.0.0.3) each send a request line, then a header line every
# 0.4 s and never the end of the headers. One address holds at most connections-per-address of
# them, each is closed header-secs after it opened whatever trickles in, and meanwhile a normal
# client (127.0.0.1) is answered at once; a kept-alive connection's next request is held to
# idle-secs the same way.
. "$(dirname "$0")/lib.bash"

"$SN" init "$TMP/data" >/dev/null
serve "$TMP/data" --limit connections-per-address=16 --limit header-secs=2 --limit idle-secs=3
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$TMP"' EXIT

python3 - "$port" >"$TMP/slow" <<'PY'
import http.client, socket, sys, time
port = int(sys.argv[1])
conns = []
for src, n in (("127.0.0.2", 40), ("127.0.0.3", 20)):
    for _ in range(n):
        s = socket.socket()
        s.bind((src, 0))
        s.settimeout(2)
        try:
            s.connect(("127.0.0.1", port))
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        except OSError:
            pass
        conns.append((src, s))
start = time.monotonic()
closed = {}

def trickle():
    for i, (src, s) in enumerate(conns):
        if i in closed:
            continue
        try:
            s.sendall(b"X-Slow: 1\r\n")
            s.setblocking(False)
            try:
                if s.recv(4096) == b"":
                    closed[i] = time.monotonic() - start
            except BlockingIOError:
                pass
            s.setblocking(True)
        except OSError:
            closed[i] = time.monotonic() - start

normal = None
held = {}
while time.monotonic() - start < 6 and len(closed) < len(conns):
    trickle()
    t = time.monotonic() - start
    if normal is None and t > 1:
        for src in ("127.0.0.2", "127.0.0.3"):
            held[src] = sum(1 for i, (a, _) in enumerate(conns) if a == src and i not in closed)
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        t0 = time.monotonic()
        c.request("GET", "/healthz")
        r = c.getresponse()
        r.read()
        normal = (r.status, time.monotonic() - t0)
        # a kept-alive connection whose next request trickles in is closed too
        c.sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        conns.append(("keep-alive", c.sock))
    time.sleep(0.4)
last = max(closed.values()) if len(closed) == len(conns) else 99
print("held", held.get("127.0.0.2"), held.get("127.0.0.3"))
print("normal", normal[0], "%.2f" % normal[1] if normal else "")
print("closed", len(closed), len(conns), "%.1f" % last)
PY
cat "$TMP/slow" >&2
expect_eq "one address holds no more than its share" "$(sed -n 's/^held //p' "$TMP/slow")" "16 16"
normal=$(sed -n 's/^normal //p' "$TMP/slow")
expect_eq "a normal client is answered meanwhile" "${normal% *}" "200"
expect_eq "at once (${normal#* } s)" "$(python3 -c "print(${normal#* } < 1)")" "True"
read -r n all last < <(sed -n 's/^closed //p' "$TMP/slow")
expect_eq "every slow connection is closed, the kept-alive one too" "$n" "$all"
expect_eq "within its deadline, though bytes trickle in (last at $last s)" "$(python3 -c "print($last < 5.5)")" "True"
expect_eq "the server still answers" "$(status GET /healthz)" "200"
kill -TERM "$pid"
wait "$pid"
done_ok
