#!/usr/bin/env python3
"""Drives headless Chromium over the DevTools protocol (standard library only) for the browser tests.

Reads a plan as JSON on stdin:
  {"base": "http://127.0.0.1:PORT", "out": "DIR", "sessions": [{"name": "auditor", "token": "circ_…" or null,
   "pages": ["/ledger", …]}]}
Each session gets a fresh browser profile, signs in through the real /signin form (when it has a token), loads
each page, saves a full-page PNG to OUT/NAME-PAGE.png and reports the rendered DOM. Prints JSON on stdout:
  {"auditor": {"/ledger": {"html": "…", "title": "…", "screenshot": "…png"}}}
"""
import base64, json, os, re, shutil, socket, struct, subprocess, sys, tempfile, time, urllib.request


class DevTools:
    """A minimal WebSocket client (RFC 6455, text frames) speaking the DevTools protocol to one page."""

    def __init__(self, ws_url):
        m = re.match(r"ws://([^:/]+):(\d+)(/.*)", ws_url)
        self.sock = socket.create_connection((m.group(1), int(m.group(2))), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {m.group(3)} HTTP/1.1\r\nHost: {m.group(1)}:{m.group(2)}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        response = b""
        while b"\r\n\r\n" not in response:
            response += self.sock.recv(4096)
        if b" 101 " not in response.split(b"\r\n")[0]:
            raise RuntimeError(f"websocket handshake failed: {response[:200]!r}")
        self.buffer = response.split(b"\r\n\r\n", 1)[1]
        self.next_id = 0
        self.events = []

    def _recv_exact(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise RuntimeError("DevTools connection closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def _recv_message(self):
        message = b""
        while True:
            b0, b1 = self._recv_exact(2)
            length = b1 & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._recv_exact(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._recv_exact(8))[0]
            payload = self._recv_exact(length)
            message += payload
            if b0 & 0x80:
                return json.loads(message.decode())

    def send(self, method, **params):
        self.next_id += 1
        data = json.dumps({"id": self.next_id, "method": method, "params": params}).encode()
        header = bytes([0x81])
        n = len(data)
        header += bytes([0x80 | n]) if n < 126 else (bytes([0x80 | 126]) + struct.pack(">H", n) if n < 65536 else bytes([0x80 | 127]) + struct.pack(">Q", n))
        mask = os.urandom(4)
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))
        while True:
            message = self._recv_message()
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_event(self, name, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for i, event in enumerate(self.events):
                if event.get("method") == name:
                    del self.events[i]
                    return event
            self.events.append(self._recv_message())
        raise RuntimeError(f"timed out waiting for {name}")

    def navigate(self, url):
        self.events.clear()
        self.send("Page.navigate", url=url)
        self.wait_event("Page.loadEventFired")

    def evaluate(self, expression):
        return self.send("Runtime.evaluate", expression=expression, returnByValue=True).get("result", {}).get("value")


def start_browser(profile):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not chromium:
        raise RuntimeError("chromium not found (apt-get install chromium)")
    process = subprocess.Popen([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                                "--remote-debugging-port=0", f"--user-data-dir={profile}", "--window-size=1280,900", "about:blank"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        line = process.stderr.readline()
        m = re.search(r"DevTools listening on (ws://\S+)", line)
        if m:
            port = re.match(r"ws://[^:]+:(\d+)", m.group(1)).group(1)
            return process, port
        if not line and process.poll() is not None:
            break
    process.kill()
    raise RuntimeError("chromium did not start")


def page_socket(port):
    for _ in range(100):
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        pages = [t for t in targets if t.get("type") == "page"]
        if pages:
            return pages[0]["webSocketDebuggerUrl"]
        time.sleep(0.1)
    raise RuntimeError("no page target")


def run_session(session, base, out):
    profile = tempfile.mkdtemp(prefix="circula-chromium-")
    process, port = start_browser(profile)
    result = {}
    try:
        tools = DevTools(page_socket(port))
        tools.send("Page.enable")
        tools.send("Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1, mobile=False)
        if session.get("token"):
            tools.navigate(base + "/signin")
            tools.evaluate("document.getElementById('token').value = %s; document.querySelector('main form').submit(); true" % json.dumps(session["token"]))
            tools.wait_event("Page.loadEventFired")
            result["signin"] = {"url": tools.evaluate("location.pathname"), "html": tools.evaluate("document.documentElement.outerHTML")}
        for path in session["pages"]:
            tools.navigate(base + path)
            height = tools.evaluate("Math.ceil(document.documentElement.scrollHeight)") or 900
            tools.send("Emulation.setDeviceMetricsOverride", width=1280, height=min(int(height), 6000), deviceScaleFactor=1, mobile=False)
            shot = tools.send("Page.captureScreenshot", format="png")
            tools.send("Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1, mobile=False)
            name = session["name"] + "-" + (re.sub(r"[^A-Za-z0-9]+", "_", path.strip("/")) or "home") + ".png"
            file = os.path.join(out, name)
            with open(file, "wb") as f:
                f.write(base64.b64decode(shot["data"]))
            result[path] = {"html": tools.evaluate("document.documentElement.outerHTML"), "title": tools.evaluate("document.title"),
                            "url": tools.evaluate("location.pathname"), "screenshot": file}
    finally:
        process.kill()
        process.wait()
        shutil.rmtree(profile, ignore_errors=True)
    return result


def main():
    plan = json.load(sys.stdin)
    os.makedirs(plan["out"], exist_ok=True)
    print(json.dumps({s["name"]: run_session(s, plan["base"], plan["out"]) for s in plan["sessions"]}))


if __name__ == "__main__":
    main()
