import CSystem
import GenetixNet
import Glibc

/// What an upstream connection reports to the request it carries; all calls happen on the connection's loop.
protocol UpstreamExchange: AnyObject {
    /// The final response head arrived (1xx interim heads are skipped).
    func upstreamHead(_ head: HTTPResponseHead)
    /// A piece of the response body.
    func upstreamBody(_ bytes: [UInt8])
    /// The response is complete. The connection has already been returned to its pool or closed.
    func upstreamEnd()
    /// The socket has no more bytes for now (the response continues later).
    func upstreamReadPaused()
    /// The exchange failed; the connection is closed.
    func upstreamFailed(_ failure: UpstreamFailure)
}

/// One keep-alive HTTP/1.1 connection to a backend, owned by a loop and its `UpstreamPool`: non-blocking connect,
/// one request at a time, a strict response parser, and deadlines checked by the pool's sweep.
final class UpstreamConnection: EventLoopSelectable {
    private enum State { case connecting, idle, busy, closed }

    let fd: Int32
    private unowned let pool: UpstreamPool
    private var state: State
    private var connected = false
    private var parser: HTTPResponseParser
    private var writeBuffer: [UInt8] = []
    private var writeOffset = 0
    private var leftover: [UInt8] = []
    private var exchange: (any UpstreamExchange)?
    private var wroteBytes = false
    private var receivedBytes = false
    private var sawHead = false
    private var mask: UInt32 = 0
    /// Monotonic nanoseconds by which the current phase must progress (0: none).
    private(set) var deadline: UInt64 = 0
    /// Exchanges completed on it.
    private(set) var completedExchanges = 0

    init(pool: UpstreamPool, limits: HTTPLimits) throws(NetError) {
        self.pool = pool
        parser = HTTPResponseParser(limits: limits)
        let result = try Socket.connect(to: pool.backend.address)
        fd = result.fd
        connected = !result.inProgress
        state = connected ? .idle : .connecting
        mask = EPOLLIN.rawValue | EPOLLRDHUP.rawValue | (connected ? 0 : EPOLLOUT.rawValue)
        do { try pool.loop.register(fd: fd, events: mask, handler: self) } catch {
            Glibc.close(fd)
            throw .system(error)
        }
        if !connected { deadline = Syscall.monotonicNanos() &+ pool.settings.connectTimeout.nanoseconds }
    }

    var isClosed: Bool { state == .closed }
    var isIdle: Bool { state == .idle }

    /// Sends a serialised request (`fill` appends its bytes) for `method`; the outcome goes to `exchange`.
    func send(method: String, exchange: any UpstreamExchange, fill: (inout [UInt8]) -> Void) {
        self.exchange = exchange
        wroteBytes = false
        receivedBytes = false
        sawHead = false
        parser.expectResponse(toMethod: method)
        fill(&writeBuffer)
        if state == .idle {
            state = .busy
            deadline = Syscall.monotonicNanos() &+ pool.settings.responseTimeout.nanoseconds
            flush()
        }
        // While connecting, the request waits in the buffer; the connect deadline stays in force.
    }

    func handleEvents(_ events: UInt32) {
        switch state {
        case .closed:
            return
        case .connecting:
            let err = Socket.pendingError(fd)
            if err != 0 || events & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 {
                let why = SystemError("connect", subject: pool.backend.key, code: err != 0 ? err : ECONNREFUSED).description
                fail(.connectFailed(why))
                return
            }
            guard events & EPOLLOUT.rawValue != 0 else { return }
            connected = true
            pool.connectionEstablished()
            if exchange != nil {
                state = .busy
                deadline = Syscall.monotonicNanos() &+ pool.settings.responseTimeout.nanoseconds
                flush()
            } else {
                state = .idle
                deadline = 0
                setMask(EPOLLIN.rawValue | EPOLLRDHUP.rawValue)
            }
        case .idle:
            // An idle connection has nothing to say: the backend closed it, or sent garbage.
            close()
        case .busy:
            if events & EPOLLOUT.rawValue != 0 { flush() }
            if state == .busy, events & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLRDHUP.rawValue | EPOLLERR.rawValue) != 0 {
                readAvailable()
            }
        }
    }

    private func flush() {
        while writeOffset < writeBuffer.count {
            let n = writeBuffer.withUnsafeBytes { all in
                Glibc.send(fd, all.baseAddress! + writeOffset, all.count - writeOffset, Int32(MSG_NOSIGNAL))
            }
            if n > 0 {
                writeOffset += n
                wroteBytes = true
                continue
            }
            let e = csystem_errno()
            if n < 0, e == EINTR { continue }
            if n < 0, e == EAGAIN || e == EWOULDBLOCK {
                setMask(EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLOUT.rawValue)
                return
            }
            fail(.closedBeforeResponse(requestBytesWritten: wroteBytes))
            return
        }
        if writeBuffer.capacity > 256 * 1024 { writeBuffer = [] } else { writeBuffer.removeAll(keepingCapacity: true) }
        writeOffset = 0
        setMask(EPOLLIN.rawValue | EPOLLRDHUP.rawValue)
    }

    private func readAvailable() {
        let scratch = pool.scratch
        while state == .busy {
            let n = Glibc.recv(fd, scratch.baseAddress, scratch.count, 0)
            if n > 0 {
                receivedBytes = true
                if !parse(UnsafeRawBufferPointer(rebasing: scratch[0..<n])) { return }
                continue
            }
            if n < 0 {
                let e = csystem_errno()
                if e == EINTR { continue }
                if e == EAGAIN || e == EWOULDBLOCK {
                    exchange?.upstreamReadPaused()
                    return
                }
            }
            peerClosed()
            return
        }
    }

    /// Feeds bytes to the parser; false once the exchange finished or failed.
    private func parse(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if leftover.isEmpty {
            var consumed = 0
            let more = parseLoop(bytes, &consumed)
            if more, consumed < bytes.count { leftover.append(contentsOf: bytes[consumed...]) }
            return more
        }
        leftover.append(contentsOf: bytes)
        var consumed = 0
        let pending = leftover
        let more = pending.withUnsafeBytes { parseLoop($0, &consumed) }
        if state != .closed { leftover.removeFirst(consumed) }
        return more
    }

    private func parseLoop(_ buffer: UnsafeRawBufferPointer, _ consumed: inout Int) -> Bool {
        while state == .busy {
            let part: HTTPPart<HTTPResponseHead>?
            do { part = try parser.next(buffer, consumed: &consumed) } catch {
                fail(sawHead ? .responseCutOff(error.description) : .malformed(error.description))
                return false
            }
            guard let part else { return true }
            switch part {
            case .head(let head):
                if head.status < 200 && head.status != 101 { continue }  // interim; its .end follows
                if head.status == 101 {
                    fail(.malformed("101 Switching Protocols is not supported through the balancer"))
                    return false
                }
                sawHead = true
                deadline = Syscall.monotonicNanos() &+ pool.settings.responseTimeout.nanoseconds
                exchange?.upstreamHead(head)
                if head.keepAlive == false { reusable = false }
            case .body(let bytes):
                deadline = Syscall.monotonicNanos() &+ pool.settings.responseTimeout.nanoseconds
                exchange?.upstreamBody(bytes)
            case .end:
                guard sawHead else { continue }  // the end of an interim response
                let extra = consumed < buffer.count
                finish(reuse: reusable && !extra)
                return false
            }
        }
        return false
    }

    private var reusable = true

    private func finish(reuse: Bool) {
        let done = exchange
        exchange = nil
        completedExchanges += 1
        deadline = 0
        leftover.removeAll(keepingCapacity: true)
        if reuse {
            state = .idle
            reusable = true
            setMask(EPOLLIN.rawValue | EPOLLRDHUP.rawValue)
            done?.upstreamEnd()
            if state == .idle { pool.release(self) }
        } else {
            close()
            done?.upstreamEnd()
        }
    }

    private func peerClosed() {
        guard state == .busy else { return }
        if sawHead {
            do {
                try parser.finish()
                var consumed = 0
                let pending = leftover
                let more = pending.withUnsafeBytes { parseLoop($0, &consumed) }
                if !more { return }
            } catch {
                fail(.responseCutOff(error.description))
                return
            }
            fail(.responseCutOff("the backend closed the connection mid-response"))
        } else if receivedBytes {
            fail(.malformed("the backend closed the connection inside the response head"))
        } else {
            fail(.closedBeforeResponse(requestBytesWritten: wroteBytes))
        }
    }

    /// Enforces the connect and response deadlines; called by the pool's sweep.
    func checkDeadline(now: UInt64) {
        guard deadline != 0, now > deadline else { return }
        switch state {
        case .connecting: fail(.connectTimedOut)
        case .busy: fail(sawHead ? .responseCutOff("no data within the response timeout") : .responseTimedOut)
        default: break
        }
    }

    /// Closes and reports `failure` to the exchange in progress.
    func fail(_ failure: UpstreamFailure) {
        let pending = exchange
        exchange = nil
        close()
        pending?.upstreamFailed(failure)
    }

    /// Closes at once (the pool forgets it).
    func close() {
        guard state != .closed else { return }
        let wasConnected = connected
        state = .closed
        deadline = 0
        pool.loop.deregister(fd: fd)
        Glibc.close(fd)
        pool.connectionClosed(self, wasConnected: wasConnected)
    }

    private func setMask(_ m: UInt32) {
        guard m != mask, state != .closed else { return }
        mask = m
        pool.loop.modify(fd: fd, events: m)
    }
}
