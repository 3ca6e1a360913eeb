"""Helpers of scripts/docs-check: reading commands out of fenced blocks, free loopback ports, and running a
command in a terminal (to answer a confirmation, or to press Ctrl-C)."""
import os, pty, select, signal, socket, subprocess, sys, time


def strip_comment(line):
    quote, escaped = None, False
    for i, ch in enumerate(line):
        if escaped: escaped = False; continue
        if ch == "\\" and quote != "'": escaped = True; continue
        if quote:
            if ch == quote: quote = None
        elif ch in "'\"": quote = ch
        elif ch == "#" and (i == 0 or line[i - 1].isspace()): return line[:i].rstrip()
    return line.rstrip()


def commands(lang, body, first_line):
    """(line number, command) pairs: continuations joined, comments dropped, `$ ` prompts kept and their output not."""
    lines = body.split("\n")
    prompts = any(l.startswith("$ ") for l in lines)
    out, pending, start = [], "", 0
    for n, raw in enumerate(lines):
        if prompts and not pending:
            if not raw.startswith("$ "): continue
            raw = raw[2:]
        line = strip_comment(raw) if not raw.rstrip().endswith("\\") else raw.rstrip()
        if not pending: start = first_line + n
        if line.endswith("\\"): pending += line[:-1].rstrip() + " "; continue
        command = (pending + line.strip()).strip()
        pending = ""
        if not command: continue
        if lang == "cron": command = " ".join(command.split()[5:]).replace("\\%", "%")
        out.append((start, command))
    return out


def free_port_block(count):
    """`count` consecutive loopback ports that bind now, below the kernel's ephemeral range (32768 and up on Linux),
    so that no client socket of the nodes takes one of them between this check and the node's bind."""
    global _next_port
    while _next_port + count < 32000:
        base, _next_port = _next_port, _next_port + count + 3
        ok = True
        for p in range(base, base + count):
            with socket.socket() as t:
                try: t.bind(("127.0.0.1", p))
                except OSError: ok = False; break
        if ok: return base
    sys.exit("error: scripts/docs-check: no free block of loopback ports below 32000")


# Where the port search starts: spread by process id, so two runs at once start apart (each block is bind-checked).
_next_port = 20000 + (os.getpid() % 40) * 250


def wait_for(what, condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition(): return True
        time.sleep(0.25)
    return False


def http_ok(url):
    import urllib.request
    try:
        with urllib.request.urlopen(url, timeout=3) as r: return 200 <= r.status < 300
    except Exception: return False


def run_shell(command, cwd, env, pty_input=None, interrupt_after=None, timeout=120):
    """Runs `command` with bash in a terminal (so confirmations can be answered); returns (exit code, output)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(["bash", "-c", command], cwd=cwd, env=env, stdin=slave, stdout=slave, stderr=slave,
                            start_new_session=True)
    os.close(slave)
    if pty_input: os.write(master, pty_input)
    output, began = b"", time.monotonic()
    while True:
        if interrupt_after and time.monotonic() - began > interrupt_after and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT); interrupt_after = None
        if time.monotonic() - began > timeout:
            os.killpg(proc.pid, signal.SIGKILL)
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try: chunk = os.read(master, 65536)
            except OSError: chunk = b""
            output += chunk
            if not chunk and proc.poll() is not None: break
        elif proc.poll() is not None: break
    os.close(master)
    return proc.wait(), output.decode(errors="replace")


def connects(address):
    host, port = address.rsplit(":", 1)
    try:
        with socket.create_connection((host, int(port)), timeout=2): return True
    except OSError: return False
