import CSystem
import GenetixCore
import Glibc

/// One accepted HTTP/1.1 connection: reads and parses requests, hands each to the handler, writes responses in order.
///
/// Owned by one event loop: every method runs on that loop's thread. Pipelined requests are answered strictly in
/// order: while a handler has not answered, the next request waits in the buffer.
final class ServerConnection: EventLoopSelectable {
    let fd: Int32
    let remote: SocketAddress?
    let context: ServerLoopContext
    private let transport: any ConnectionTransport
    private let isTLS: Bool
    // The state below is this connection's own, touched only on its loop and only by its own methods, and no access to
    // it is ever open while other code runs — with one exception, made impossible: the handler's field writer runs
    // while the head is written into `writeBuffer`, and an answer from inside it traps (`writingHead`). So the
    // runtime's dynamic exclusivity checks (about 45 per proxied request, 6 % of the loop's instructions) are off
    // for these properties; everything else keeps them.
    @exclusivity(unchecked) private var writingHead = false
    @exclusivity(unchecked) private var handshaking: Bool
    @exclusivity(unchecked) private var parser: HTTPRequestParser
    @exclusivity(unchecked) private var leftover: [UInt8] = []
    @exclusivity(unchecked) private var currentHead: HTTPRequestHead?
    @exclusivity(unchecked) private var currentBody: [UInt8] = []

    // The request being answered.
    @exclusivity(unchecked) private var exchange: UInt64 = 0
    @exclusivity(unchecked) private var awaitingResponse = false
    @exclusivity(unchecked) private var answeringHEAD = false
    @exclusivity(unchecked) private var answeringKeepAlive = true
    @exclusivity(unchecked) private var answeringVersion = HTTPVersion.http1_1
    @exclusivity(unchecked) private var streaming = false
    @exclusivity(unchecked) private var streamChunked = false

    @exclusivity(unchecked) private var writeBuffer: [UInt8] = []
    @exclusivity(unchecked) private var writeOffset = 0
    @exclusivity(unchecked) private var readEnabled = true
    @exclusivity(unchecked) private var closeAfterWrite = false
    @exclusivity(unchecked) private var lingerSince: UInt64 = 0
    @exclusivity(unchecked) private(set) var closed = false
    @exclusivity(unchecked) private var processing = false
    @exclusivity(unchecked) private var currentMask: UInt32 = 0

    @exclusivity(unchecked) private var requestStartedAt: UInt64
    @exclusivity(unchecked) private var lastActivity: UInt64
    @exclusivity(unchecked) private var lastWriteProgress: UInt64
    @exclusivity(unchecked) private var receivedAnything = false

    init(fd: Int32, remote: SocketAddress?, context: ServerLoopContext, transport: any ConnectionTransport, isTLS: Bool) {
        self.fd = fd
        self.remote = remote
        self.context = context
        self.transport = transport
        self.isTLS = isTLS
        self.handshaking = isTLS
        self.parser = HTTPRequestParser(limits: context.configuration.limits)
        let now = Syscall.monotonicNanos()
        requestStartedAt = 0
        lastActivity = now
        lastWriteProgress = now
    }

    /// Registers with the loop and starts reading.
    func start() throws(SystemError) {
        currentMask = EPOLLIN.rawValue | EPOLLRDHUP.rawValue
        try context.loop.register(fd: fd, events: currentMask, handler: self)
        if handshaking { continueHandshake() }
    }

    func handleEvents(_ events: UInt32) {
        if closed { return }
        if handshaking {
            continueHandshake()
            return
        }
        if events & EPOLLERR.rawValue != 0 {
            abort()
            return
        }
        if events & EPOLLOUT.rawValue != 0 { flush() }
        if !closed, events & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLRDHUP.rawValue) != 0 { readAvailable() }
    }

    // MARK: Reading

    private func continueHandshake() {
        switch transport.handshake() {
        case .bytes:
            handshaking = false
            lastActivity = Syscall.monotonicNanos()
            updateMask()
            readAvailable()
        case .wantRead: setMask(EPOLLIN.rawValue)
        case .wantWrite: setMask(EPOLLOUT.rawValue)
        case .eof, .failed: abort()
        }
    }

    private func readAvailable() {
        var rounds = 0
        while readEnabled, !closed, rounds < 16 {
            rounds += 1
            let scratch = context.scratch
            switch transport.read(into: scratch) {
            case .bytes(let n):
                if lingerSince != 0 { continue }  // discarding until the peer closes
                received(UnsafeRawBufferPointer(rebasing: scratch[0..<n]))
                // A short read drained the socket: epoll is level-triggered and reports anything that arrives later,
                // so the read that would only return EAGAIN (one syscall per request) is skipped.
                if n < scratch.count, !transport.hasBufferedBytes { rounds = .max }
            case .wantRead, .wantWrite:
                if !transport.hasBufferedBytes { rounds = .max }
            case .eof:
                peerClosed()
                rounds = .max
            case .failed:
                abort()
                return
            }
        }
        if !closed { flush() }
    }

    private func received(_ bytes: UnsafeRawBufferPointer) {
        let now = context.loop.turnStartedAt  // for the idle and request timeouts: the turn's clock is fine enough
        lastActivity = now
        receivedAnything = true
        if requestStartedAt == 0 { requestStartedAt = now }
        if leftover.isEmpty {
            var consumed = 0
            parseLoop(bytes, &consumed)
            if consumed < bytes.count, !closed { leftover.append(contentsOf: bytes[consumed...]) }
        } else {
            leftover.append(contentsOf: bytes)
            parseLeftover()
        }
        if awaitingResponse, leftover.count > context.configuration.limits.maxHeaderBytes + 64 * 1024 {
            readEnabled = false  // a pipelining client far ahead of us: stop reading until we catch up
        }
    }

    private func parseLeftover() {
        guard !processing, !leftover.isEmpty else { return }
        var consumed = 0
        let pending = leftover
        pending.withUnsafeBytes { parseLoop($0, &consumed) }
        if closed { return }
        leftover.removeFirst(consumed)
    }

    private func parseLoop(_ buffer: UnsafeRawBufferPointer, _ consumed: inout Int) {
        processing = true
        defer { processing = false }
        while !awaitingResponse, !closed, !closeAfterWrite, lingerSince == 0 {
            let part: HTTPPart<HTTPRequestHead>?
            do { part = try parser.next(buffer, consumed: &consumed) } catch {
                reject(status: error.status, message: error.description)
                return
            }
            // Switched over as the optional it is and moved into the case bindings: unwrapping it first copies it.
            switch consume part {
            case nil:
                return
            case .head(let head)?:
                if let expect = head.headers["Expect"] {
                    if !expect.equalsIgnoringASCIICase("100-continue") {
                        currentHead = head
                        reject(status: 417, message: "unsupported Expect: \(expect)")
                        return
                    }
                    if head.version == .http1_1, head.framing != .none { append(Self.continueLine) }
                }
                currentHead = head  // its last use: moved, not copied
            case .body(let bytes)?:
                currentBody.append(contentsOf: bytes)
            case .end?:
                dispatch()
            }
        }
    }

    private func dispatch() {
        guard let head = currentHead.take() else { return }
        exchange &+= 1
        awaitingResponse = true
        answeringHEAD = head.method == "HEAD"
        answeringKeepAlive = head.keepAlive
        answeringVersion = head.version
        requestStartedAt = 0
        var body: [UInt8] = []
        swap(&body, &currentBody)
        // Built in the call: the handler takes the request over. (The optimizer still copies it once into the
        // argument and destroys the original; a `consume` or a consuming helper does not change that.)
        context.handler(HTTPRequest(head: head, body: body, remote: remote, isTLS: isTLS),
                        HTTPResponder(connection: self, exchange: exchange))
    }

    private func peerClosed() {
        readEnabled = false
        if awaitingResponse || writeOffset < writeBuffer.count {
            closeAfterWrite = true
            updateMask()
        } else {
            close()
        }
    }

    /// Answers a malformed or refused request and closes once the answer is out.
    private func reject(status: Int, message: String) {
        let code = status == 408 ? "request_timeout" : status == 413 ? "body_too_large" : status == 431 ? "headers_too_large" : "bad_request"
        let response = context.configuration.errorFormat.response(status, code, message)
        encodeHead(status: response.status, contentLength: response.body.count, keepAlive: false, version: .http1_1) {
            ResponseHeadEncoder.appendFields(response.headers, to: &$0)
        }
        append(response.body)
        closeAfterWrite = true
        context.counters.countRejected()
    }

    // MARK: Answering

    func respond(exchange: UInt64, _ response: HTTPResponse) {
        respond(exchange: exchange, status: response.status, body: response.body) { ResponseHeadEncoder.appendFields(response.headers, to: &$0) }
    }

    /// Answers with a whole response whose field lines `writeFields` appends to the output (see `HTTPFieldWriter`).
    func respond(exchange: UInt64, status: Int, body: [UInt8], fields writeFields: HTTPFieldWriter) {
        refuseReentrantAnswer()
        guard exchange == self.exchange, awaitingResponse, !streaming, !closed else { return }
        let keepAlive = answeringKeepAlive && !closeAfterWrite && !context.draining
        let bodyless = status < 200 || status == 204 || status == 304
        encodeHead(status: status, contentLength: bodyless ? nil : body.count, keepAlive: keepAlive, version: answeringVersion,
                   fields: writeFields)
        if !answeringHEAD, !bodyless { append(body) }
        finishExchange(keepAlive: keepAlive)
    }

    func startStream(exchange: UInt64, status: Int, headers: HTTPHeaders, contentLength: Int?) {
        startStream(exchange: exchange, status: status, contentLength: contentLength) { ResponseHeadEncoder.appendFields(headers, to: &$0) }
    }

    /// Starts a streamed response whose field lines `writeFields` appends to the output (see `HTTPFieldWriter`).
    func startStream(exchange: UInt64, status: Int, contentLength: Int?, fields writeFields: HTTPFieldWriter) {
        refuseReentrantAnswer()
        guard exchange == self.exchange, awaitingResponse, !streaming, !closed else { return }
        streaming = true
        let bodyless = status < 200 || status == 204 || status == 304
        streamChunked = contentLength == nil && !bodyless && answeringVersion == .http1_1 && !answeringHEAD
        let delimited = streamChunked || contentLength != nil || bodyless
        let keepAlive = delimited && answeringKeepAlive && !closeAfterWrite && !context.draining
        encodeHead(status: status, contentLength: bodyless ? nil : contentLength, keepAlive: keepAlive, version: answeringVersion,
                   chunked: streamChunked, fields: writeFields)
        if !keepAlive { answeringKeepAlive = false }
        flushUnlessProcessing()
    }

    func writeStream(exchange: UInt64, _ bytes: [UInt8]) {
        refuseReentrantAnswer()
        guard exchange == self.exchange, streaming, !closed, !bytes.isEmpty, !answeringHEAD else { return }
        if streamChunked {
            HTTPSerializer.chunk(bytes, into: &writeBuffer)
        } else {
            append(bytes)
        }
        flushUnlessProcessing()
    }

    func endStream(exchange: UInt64) {
        refuseReentrantAnswer()
        guard exchange == self.exchange, streaming, !closed else { return }
        streaming = false
        if streamChunked { append(Self.lastChunk) }
        finishExchange(keepAlive: answeringKeepAlive && !closeAfterWrite && !context.draining)
    }

    func abortExchange(exchange: UInt64) {
        refuseReentrantAnswer()
        guard exchange == self.exchange, awaitingResponse, !closed else { return }
        Socket.setAbortiveClose(fd)
        close()
    }

    /// Traps on an answer from inside a response's field writer (see `writingHead`): the head being written would
    /// be corrupted, and the runtime's own check is off for the buffer.
    @inline(__always)
    private func refuseReentrantAnswer() {
        precondition(!writingHead, "a response's field writer answered on its own connection while its head was written")
    }

    private func finishExchange(keepAlive: Bool) {
        awaitingResponse = false
        if !keepAlive {
            closeAfterWrite = true
            readEnabled = false
        }
        if processing { return }  // the parse loop continues and flushes after it
        flush()
        guard !closed else { return }
        if !closeAfterWrite {
            readEnabled = true
            if !leftover.isEmpty {
                requestStartedAt = Syscall.monotonicNanos()
                parseLeftover()
                flush()
            }
            if !closed { updateMask() }
        }
    }

    private func flushUnlessProcessing() {
        if !processing { flush() }
    }

    private func encodeHead(status: Int, contentLength: Int?, keepAlive: Bool, version: HTTPVersion, chunked: Bool = false,
                            fields writeFields: HTTPFieldWriter) {
        writingHead = true
        defer { writingHead = false }
        ResponseHeadEncoder.encode(status: status, contentLength: contentLength, keepAlive: keepAlive, version: version, chunked: chunked,
                                   context: context, fields: writeFields, into: &writeBuffer)
    }

    private func append(_ bytes: [UInt8]) { writeBuffer.append(contentsOf: bytes) }

    // MARK: Writing and closing

    private func flush() {
        while writeOffset < writeBuffer.count {
            let result = writeBuffer.withUnsafeBytes { all in
                transport.write(UnsafeRawBufferPointer(rebasing: all[writeOffset...]))
            }
            switch result {
            case .bytes(let n):
                writeOffset += n
                lastWriteProgress = context.loop.turnStartedAt
            case .wantWrite, .wantRead:
                updateMask()
                return
            case .eof, .failed:
                abort()
                return
            }
        }
        if writeBuffer.capacity > 1 << 20 { writeBuffer = [] } else { writeBuffer.removeAll(keepingCapacity: true) }
        writeOffset = 0
        if closeAfterWrite, !awaitingResponse, !streaming {
            startLingeringClose()
            return
        }
        updateMask()
    }

    /// Half-closes our side and discards what the peer still sends for a moment, so it reads our answer before the close.
    private func startLingeringClose() {
        guard lingerSince == 0 else { return }
        transport.shutdown()
        Glibc.shutdown(fd, Int32(SHUT_WR))
        lingerSince = Syscall.monotonicNanos()
        readEnabled = true
        updateMask()
    }

    private var desiredMask: UInt32 {
        var mask: UInt32 = EPOLLRDHUP.rawValue
        // Reading stays on while a response is awaited: pipelined bytes wait in `leftover` (bounded by `received`),
        // and the mask does not flip twice per request (two epoll_ctl calls saved on every exchange).
        if readEnabled { mask |= EPOLLIN.rawValue }
        if writeOffset < writeBuffer.count { mask |= EPOLLOUT.rawValue }
        return mask
    }

    private func updateMask() { setMask(desiredMask) }

    private func setMask(_ mask: UInt32) {
        guard mask != currentMask, !closed else { return }
        currentMask = mask
        context.loop.modify(fd: fd, events: mask)
    }

    /// Closes at once, dropping anything unsent.
    func abort() { close() }

    func close() {
        guard !closed else { return }
        closed = true
        context.loop.deregister(fd: fd)
        Glibc.close(fd)
        context.connectionClosed(self)
    }

    // MARK: Timeouts

    /// Enforces the header, body, idle, write and linger timeouts; called by the loop's sweep.
    func checkTimeouts(now: UInt64) {
        if closed { return }
        let config = context.configuration
        if lingerSince != 0 {
            if now &- lingerSince > 2_000_000_000 { close() }
            return
        }
        if writeOffset < writeBuffer.count {
            if now &- lastWriteProgress > config.writeTimeout.nanoseconds { abort() }
            return
        }
        if awaitingResponse { return }
        if requestStartedAt != 0 {
            let limit = currentHead == nil ? config.headerTimeout : config.bodyTimeout
            if now &- requestStartedAt > limit.nanoseconds {
                reject(status: 408, message: "the request was not received in time (limit \(limit))")
                readEnabled = false
                flush()
            }
            return
        }
        let idleLimit = receivedAnything ? config.idleTimeout : config.headerTimeout
        if now &- lastActivity > idleLimit.nanoseconds { close() }
    }

    /// Whether the connection has no request in progress (closed first on a graceful shutdown).
    var isIdle: Bool { !awaitingResponse && requestStartedAt == 0 && writeOffset >= writeBuffer.count }

    private static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)
    private static let continueLine: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
}
