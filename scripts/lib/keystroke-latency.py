#!/usr/bin/env python3
"""Keystroke-to-screen latency of a program in a tmux pane, through one tmux control-mode client.

Usage: scripts/lib/keystroke-latency.py SESSION ROUNDS KEY_ON KEY_OFF TEXT
Sends KEY_ON and times it until TEXT appears in the pane's first line (the console's header names the screen), then
KEY_OFF and waits until TEXT is gone (not timed: a capture can catch a line half rewritten, which would make a
vanishing text look early), ROUNDS times, 0.2 s apart. After each key
it captures the pane over the same control connection every ~0.5 ms until the change shows, and prints the time from
sending KEY_ON to seeing its screen, in ms, one line per round. No process is spawned per sample (a `tmux capture-pane`
process costs 5-20 ms, which used to dominate the figure); a capture round trip here is well under 1 ms.
The session should have `window-size manual` so the control client does not resize the window.
"""
import signal, subprocess, sys, time

signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # so the control client is stopped (finally, below)

session, rounds, key_on, key_off, text = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
tmux = subprocess.Popen(["tmux", "-C", "attach-session", "-t", session], stdin=subprocess.PIPE, stdout=subprocess.PIPE)

def command(cmd):
    tmux.stdin.write((cmd + "\n").encode()); tmux.stdin.flush()
    lines, inside = [], False
    while True:
        line = tmux.stdout.readline()
        if not line:
            raise SystemExit("tmux control client closed")
        line = line.decode("utf-8", "replace").rstrip("\n")
        if line.startswith("%begin"):
            inside = True; lines = []
        elif line.startswith("%end") or line.startswith("%error"):
            if inside:
                if line.startswith("%error"): raise SystemExit(f"tmux: {cmd}: {' '.join(lines)}")
                return lines
        elif inside:
            lines.append(line)


def synchronise():
    """The attach itself answers with a block of its own: read up to a marker so replies and commands pair up."""
    tmux.stdin.write(b"display-message -p genetix-sync\n"); tmux.stdin.flush()
    while True:
        line = tmux.stdout.readline()
        if not line:
            raise SystemExit("tmux control client closed")
        if line.decode("utf-8", "replace").strip() == "genetix-sync":
            break
    while not tmux.stdout.readline().startswith((b"%end", b"%error")):
        pass

synchronise()
def shows():
    lines = command(f"capture-pane -p -t {session}")
    return bool(lines) and text in lines[0]

def measure(key, want):
    settle = time.perf_counter() + 2
    while shows() == want:  # the previous key's screen is still being drawn
        if time.perf_counter() > settle:
            raise SystemExit(f"the pane already {'shows' if want else 'lacks'} {text!r} before {key!r}")
        time.sleep(0.01)
    t0 = time.perf_counter()
    command(f"send-keys -t {session} {key}")
    while shows() != want:
        if time.perf_counter() - t0 > 5: raise SystemExit(f"no change 5 s after {key!r}")
        time.sleep(0.0005)
    return (time.perf_counter() - t0) * 1000

try:
    for _ in range(rounds):
        print(f"{measure(key_on, True):.1f}", flush=True); time.sleep(0.2)
        measure(key_off, False); time.sleep(0.2)
finally:
    # A control client nobody reads makes the tmux server buffer its output without bound: never leave one behind.
    tmux.kill()
    tmux.wait(timeout=5)
