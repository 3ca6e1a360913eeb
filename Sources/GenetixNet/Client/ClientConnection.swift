import CSystem
import Glibc

/// One keep-alive HTTP/1.1 client connection, owned by one event loop and one `ClientConnectionOwner` (a pool):
/// non-blocking connect, optional TLS, one request at a time with partial writes, a strict incremental response
/// parser, the response streamed to a `ClientExchange` as it arrives, and connect/response deadlines that the owner
/// enforces with `checkDeadline`.
public final class ClientConnection: EventLoopSelectable {
    private enum State { case connecting, handshaking, idle, busy, closed }

    private static let readMask = EPOLLIN.rawValue | EPOLLRDHUP.rawValue
    private static let readWriteMask = EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLOUT.rawValue

    private let fd: Int32
    private let loop: EventLoop
    /// Strong: the owner keeps its open connections, and a closed connection no longer holds anything else.
    private let owner: any ClientConnectionOwner
    private let transport: any ConnectionTransport
    private let isTLS: Bool
    /// Where it connects, for error messages.
    private let subject: String
    /// Read space shared with the owner's other connections on the same loop.
    private let scratch: UnsafeMutableRawBufferPointer
    private let connectTimeout: UInt64
    private let responseTimeout: UInt64
    // The state below is this connection's own, touched only on its loop and only by its own methods, and no access to
    // it is open while other code runs: the exchange is read into a local before it is called, and a request's `fill`
    // writes into a buffer of its own. So the runtime's dynamic exclusivity checks are off for these properties.
    @exclusivity(unchecked) private var state: State
    @exclusivity(unchecked) private var parser: HTTPResponseParser
    @exclusivity(unchecked) private var writeBuffer: [UInt8] = []
    @exclusivity(unchecked) private var writeOffset = 0
    @exclusivity(unchecked) private var leftover: [UInt8] = []
    private var exchange: (any ClientExchange)?
    @exclusivity(unchecked) private var wroteBytes = false
    @exclusivity(unchecked) private var receivedBytes = false
    @exclusivity(unchecked) private var sawHead = false
    @exclusivity(unchecked) private var reusable = true
    @exclusivity(unchecked) private var mask: UInt32 = 0
    /// Monotonic nanoseconds by which the current phase must progress (0: none).
    @exclusivity(unchecked) private var deadline: UInt64 = 0

    /// Starts connecting to `address` (TLS when `tls` is given, `serverName` for SNI and verification) and registers
    /// with `loop`; `scratch` is read space that must outlive the connection.
    public init(to address: SocketAddress, tls: TLSContext? = nil, serverName: String? = nil, loop: EventLoop,
                owner: any ClientConnectionOwner, scratch: UnsafeMutableRawBufferPointer, limits: HTTPLimits = HTTPLimits(),
                connectTimeout: Duration, responseTimeout: Duration) throws(ClientFailure) {
        self.loop = loop
        self.owner = owner
        self.scratch = scratch
        subject = address.description
        self.connectTimeout = connectTimeout.nanoseconds
        self.responseTimeout = responseTimeout.nanoseconds
        parser = HTTPResponseParser(limits: limits)
        let result: (fd: Int32, inProgress: Bool)
        do { result = try Socket.connect(to: address) } catch { throw .connectFailed(error.description) }
        fd = result.fd
        isTLS = tls != nil
        if let tls {
            do { transport = try TLSTransport(context: tls, fd: fd, isServer: false, serverName: serverName) } catch {
                Glibc.close(fd)
                throw .tlsFailed("\(error)")
            }
        } else {
            transport = PlainTransport(fd: fd)
        }
        let ready = !result.inProgress && !isTLS
        state = result.inProgress ? .connecting : (isTLS ? .handshaking : .idle)
        mask = ready ? Self.readMask : Self.readWriteMask
        do { try loop.register(fd: fd, events: mask, handler: self) } catch {
            Glibc.close(fd)
            throw .connectFailed(error.description)
        }
        if !ready { deadline = Syscall.monotonicNanos() &+ self.connectTimeout }
    }

    /// Whether it is connected and carries no exchange.
    public var isIdle: Bool { state == .idle }

    /// Sends a serialised request (`fill` appends its bytes) for `method`; the outcome goes to `exchange`. While the
    /// connection is still being made, the request waits and the connect deadline stays in force.
    public func send(method: String, exchange: any ClientExchange, fill: (inout [UInt8]) -> Void) {
        self.exchange = exchange
        wroteBytes = false
        receivedBytes = false
        sawHead = false
        parser.expectResponse(toMethod: method)
        // The request is written into a buffer taken out of the connection, so `fill` holds no access to its state.
        var buffer: [UInt8] = []
        swap(&buffer, &writeBuffer)
        fill(&buffer)
        swap(&buffer, &writeBuffer)
        if state == .idle { startSending() }
    }

    private func startSending() {
        state = .busy
        deadline = loop.turnStartedAt &+ responseTimeout
        flush()
    }

    public func handleEvents(_ events: UInt32) {
        switch state {
        case .closed:
            return
        case .connecting:
            let err = Socket.pendingError(fd)
            if err != 0 || events & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 {
                fail(.connectFailed(SystemError("connect", subject: subject, code: err != 0 ? err : ECONNREFUSED).description))
                return
            }
            guard events & EPOLLOUT.rawValue != 0 else { return }
            if isTLS {
                state = .handshaking
                handshake()
            } else {
                connected()
            }
        case .handshaking:
            handshake()
        case .idle:
            // An idle connection has nothing to say: the server closed it, or sent garbage.
            close()
        case .busy:
            if events & EPOLLOUT.rawValue != 0 { flush() }
            if state == .busy, events & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLRDHUP.rawValue | EPOLLERR.rawValue) != 0 {
                readAvailable()
            }
        }
    }

    private func handshake() {
        switch transport.handshake() {
        case .bytes: connected()
        case .wantRead: setMask(Self.readMask)
        case .wantWrite: setMask(Self.readWriteMask)
        case .eof: fail(.tlsFailed("the server closed the connection during the handshake"))
        case .failed(let why): fail(.tlsFailed(why))
        }
    }

    /// The connection (and its TLS handshake) is up: a waiting request goes out, else it idles.
    private func connected() {
        if exchange != nil {
            startSending()
        } else {
            state = .idle
            deadline = 0
            setMask(Self.readMask)
        }
    }

    private func flush() {
        while writeOffset < writeBuffer.count {
            let offset = writeOffset
            let result = writeBuffer.withUnsafeBytes { transport.write(UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            switch result {
            case .bytes(let n) where n > 0:
                writeOffset += n
                wroteBytes = true
            case .wantWrite, .wantRead:
                setMask(Self.readWriteMask)
                return
            default:
                fail(.closedBeforeResponse(requestBytesWritten: wroteBytes))
                return
            }
        }
        if writeBuffer.capacity > 256 * 1024 { writeBuffer = [] } else { writeBuffer.removeAll(keepingCapacity: true) }
        writeOffset = 0
        setMask(Self.readMask)
    }

    private func readAvailable() {
        while state == .busy {
            switch transport.read(into: scratch) {
            case .bytes(let n) where n > 0:
                receivedBytes = true
                if !parse(UnsafeRawBufferPointer(rebasing: scratch[0..<n])) { return }
            case .wantRead, .wantWrite:
                if transport.hasBufferedBytes { continue }
                let current = exchange
                current?.responsePaused()
                return
            default:
                peerClosed()
                return
            }
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
        // A finished exchange already emptied `leftover` (and the connection may carry the next one); a failed one closed.
        if more { leftover.removeFirst(consumed) }
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
            switch consume part {  // moved into the case bindings: no generic destroy of the part
            case .head(let head):
                if head.status < 200 && head.status != 101 { continue }  // interim; its .end follows
                if head.status == 101 {
                    fail(.malformed("101 Switching Protocols (a protocol upgrade) is not supported on this connection"))
                    return false
                }
                sawHead = true
                deadline = loop.turnStartedAt &+ responseTimeout
                let current = exchange
                current?.responseHead(head)
                if head.keepAlive == false { reusable = false }
            case .body(let bytes):
                deadline = loop.turnStartedAt &+ responseTimeout
                let current = exchange
                current?.responseBody(bytes)
            case .end:
                guard sawHead else { continue }  // the end of an interim response
                let extra = consumed < buffer.count
                finish(reuse: reusable && !extra)
                return false
            }
        }
        return false
    }

    private func finish(reuse: Bool) {
        let done = exchange
        exchange = nil
        deadline = 0
        // Only when there is something to drop: on the shared empty array, keeping the capacity allocates one.
        if !leftover.isEmpty { leftover.removeAll(keepingCapacity: true) }
        if reuse {
            state = .idle
            reusable = true
            setMask(Self.readMask)
            done?.responseEnd()
            if state == .idle { owner.connectionReusable(self) }
        } else {
            close()
            done?.responseEnd()
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
            fail(.responseCutOff("the server closed the connection mid-response"))
        } else if receivedBytes {
            fail(.malformed("the server closed the connection inside the response head"))
        } else {
            fail(.closedBeforeResponse(requestBytesWritten: wroteBytes))
        }
    }

    /// Enforces the connect and response deadlines (`now`: monotonic nanoseconds); the owner calls it periodically.
    public func checkDeadline(now: UInt64) {
        guard deadline != 0, now > deadline else { return }
        switch state {
        case .connecting, .handshaking: fail(.connectTimedOut)
        case .busy: fail(sawHead ? .responseCutOff("no data within the response timeout") : .responseTimedOut)
        default: break
        }
    }

    /// Closes and reports `failure` to the exchange in progress.
    public func fail(_ failure: ClientFailure) {
        let pending = exchange
        exchange = nil
        close()
        pending?.responseFailed(failure)
    }

    /// Closes at once; the owner is told.
    public func close() {
        guard state != .closed else { return }
        state = .closed
        deadline = 0
        loop.deregister(fd: fd)
        Glibc.close(fd)
        owner.connectionClosed(self)
    }

    private func setMask(_ m: UInt32) {
        guard m != mask, state != .closed else { return }
        mask = m
        loop.modify(fd: fd, events: m)
    }
}
