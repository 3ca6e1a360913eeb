#!/usr/bin/env python3
"""A syslog sink for the balancer bench: reads datagrams from a UNIX socket and discards them.

HAProxy logs every request to it (`log unix@PATH`), as it would to a local rsyslog, so its logging costs what it
costs in production without anything being written. On SIGTERM it writes how many messages it took to COUNT_FILE,
so the bench can show that HAProxy did log.

Usage: syslog-sink.py SOCKET_PATH COUNT_FILE
"""
import os
import signal
import socket
import sys

path, count_file = sys.argv[1], sys.argv[2]
received = 0


def stop(*_):
    with open(count_file, "w") as f:
        f.write(f"{received}\n")
    os.unlink(path)
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)
sink = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sink.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
sink.bind(path)
os.chmod(path, 0o666)  # HAProxy may log from a worker that dropped privileges
while True:
    sink.recv(65536)
    received += 1
