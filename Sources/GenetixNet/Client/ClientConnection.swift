import CSystem
import Glibc

/// One client-side HTTP/1.1 connection, owned by one event loop: connects, sends one request at a time, reads the
/// response, and is returned to its pool when the response allows keep-alive.
final class ClientConnection: EventLoopSelectable {
    typealias Completion = (Result<HTTPClientResponse, HTTPClientError>) -> Void

    private enum State { case connecting, handshaking, ready, closed }

    let key: HTTPURL
    let fd: Int32
    private let loop: EventLoop
    private let transport: any ConnectionTransport
    private var state: State
    private var parser = HTTPResponseParser()
    private var writeBuffer: [UInt8] = []
    private var writeOffset = 0
    private var readBuffer: [UInt8] = []
    private var head: HTTPResponseHead?
    private var body: [UInt8] = []
    private var completion: Completion?
    private var mask: UInt32 = 0
    private(set) var receivedResponseBytes = false
    /// Requests completed on this connection (a reused connection may have been closed by the server meanwhile).
    private(set) var completedExchanges = 0
    var onReusable: ((ClientConnection) -> Void)?

    init(url: HTTPURL, loop: EventLoop, tls: TLSContext?) throws(HTTPClientError) {
        key = url.with(target: "/")
        self.loop = loop
        let connected: (fd: Int32, inProgress: Bool)
        do { connected = try Socket.connect(to: url.address) } catch {
            throw .connectFailed(url.address.description, error.description)
        }
        fd = connected.fd
        if url.isTLS {
            guard let tls else {
                Glibc.close(fd)
                throw .tls(url.address.description, "no TLS context configured for https")
            }
            do { transport = try TLSTransport(context: tls, fd: fd, isServer: false, serverName: url.address.host) } catch {
                Glibc.close(fd)
                throw .tls(url.address.description, "\(error)")
            }
        } else {
            transport = PlainTransport(fd: fd)
        }
        state = connected.inProgress ? .connecting : (url.isTLS ? .handshaking : .ready)
        mask = EPOLLOUT.rawValue | EPOLLIN.rawValue
        do { try loop.register(fd: fd, events: mask, handler: self) } catch {
            Glibc.close(fd)
            throw .connectFailed(url.address.description, error.description)
        }
    }

    var isClosed: Bool { state == .closed }

    /// Sends `request`; `completion` runs on the loop with the response or the failure.
    func send(_ request: HTTPClientRequest, completion: @escaping Completion) {
        self.completion = completion
        receivedResponseBytes = false
        head = nil
        body = []
        parser.expectResponse(toMethod: request.method)
        var h = HTTPRequestHead(method: request.method, target: request.url.target, headers: request.headers)
        if !h.headers.contains("Host") { h.headers.add("Host", request.url.address.description) }
        if !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method) {
            h.headers.replace("Content-Length", String(request.body.count))
        }
        HTTPSerializer.requestHead(h, into: &writeBuffer)
        writeBuffer.append(contentsOf: request.body)
        if state == .ready { flush() }
    }

    func handleEvents(_ events: UInt32) {
        switch state {
        case .closed: return
        case .connecting:
            let err = Socket.pendingError(fd)
            if err != 0 {
                fail(.connectFailed(key.address.description, SystemError("connect", code: err).description))
                return
            }
            state = key.isTLS ? .handshaking : .ready
            handleEvents(events)
        case .handshaking:
            switch transport.handshake() {
            case .bytes:
                state = .ready
                flush()
            case .wantRead: setMask(EPOLLIN.rawValue)
            case .wantWrite: setMask(EPOLLOUT.rawValue)
            case .eof: fail(.tls(key.address.description, "the server closed the connection during the handshake"))
            case .failed(let why): fail(.tls(key.address.description, why))
            }
        case .ready:
            if events & EPOLLOUT.rawValue != 0 { flush() }
            if state == .ready, events & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 { readAvailable() }
        }
    }

    private func flush() {
        while writeOffset < writeBuffer.count {
            let r = writeBuffer.withUnsafeBytes { transport.write(UnsafeRawBufferPointer(rebasing: $0[writeOffset...])) }
            switch r {
            case .bytes(let n): writeOffset += n
            case .wantWrite, .wantRead:
                setMask(EPOLLIN.rawValue | EPOLLOUT.rawValue)
                return
            case .eof: fail(.connectionClosed(key.address.description)); return
            case .failed(let why): fail(.connectFailed(key.address.description, why)); return
            }
        }
        writeBuffer.removeAll(keepingCapacity: true)
        writeOffset = 0
        setMask(EPOLLIN.rawValue)
    }

    private func readAvailable() {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while state == .ready {
            let r = chunk.withUnsafeMutableBytes { transport.read(into: $0) }
            switch r {
            case .bytes(let n):
                receivedResponseBytes = true
                readBuffer.append(contentsOf: chunk[0..<n])
                parseBuffered()
            case .wantRead, .wantWrite:
                if !transport.hasBufferedBytes { return }
            case .eof:
                if completion != nil, head != nil {
                    do { try parser.finish() } catch {
                        fail(.malformedResponse(key.address.description, error.description))
                        return
                    }
                    parseBuffered()
                }
                if completion != nil { fail(.connectionClosed(key.address.description)) } else { close() }
                return
            case .failed(let why):
                fail(.connectFailed(key.address.description, why))
                return
            }
        }
    }

    private func parseBuffered() {
        var consumed = 0
        let buffer = readBuffer
        buffer.withUnsafeBytes { raw in
            while state == .ready, completion != nil {
                let part: HTTPPart<HTTPResponseHead>?
                do { part = try parser.next(raw, consumed: &consumed) } catch {
                    fail(.malformedResponse(key.address.description, "\(error)"))
                    return
                }
                guard let part else { return }
                switch part {
                case .head(let h): head = h
                case .body(let bytes): body.append(contentsOf: bytes)
                case .end:
                    if let h = head, h.status < 200, h.status != 101 {
                        head = nil  // an interim 1xx answer; the final one follows
                    } else {
                        finishResponse(keepAlive: head?.keepAlive ?? false)
                    }
                }
            }
        }
        if state != .closed { readBuffer.removeFirst(consumed) }
    }

    private func finishResponse(keepAlive: Bool) {
        guard let completion, let head else { return }
        self.completion = nil
        completedExchanges += 1
        let response = HTTPClientResponse(status: head.status, headers: head.headers, body: body)
        body = []
        if keepAlive {
            completion(.success(response))
            if state == .ready { onReusable?(self) }
        } else {
            close()
            completion(.success(response))
        }
    }

    /// Fails the pending request and closes.
    func fail(_ error: HTTPClientError) {
        let c = completion
        completion = nil
        close()
        c?(.failure(error))
    }

    func close() {
        guard state != .closed else { return }
        state = .closed
        loop.deregister(fd: fd)
        Glibc.close(fd)
    }

    private func setMask(_ m: UInt32) {
        guard m != mask, state != .closed else { return }
        mask = m
        loop.modify(fd: fd, events: m)
    }
}
