import CSystem
import Glibc
import Synchronization

/// What one event loop keeps for one server: its connections, a read buffer shared by them, and cached header bytes.
/// Touched only on `loop`'s thread.
final class ServerLoopContext {
    let loop: EventLoop
    let configuration: HTTPServerConfiguration
    let handler: HTTPHandler
    let counters: ServerCounters
    /// Read scratch space shared by every connection of this loop (one reads at a time).
    let scratch: UnsafeMutableRawBufferPointer
    private var connections: [Int32: ServerConnection] = [:]
    // Loop-confined caches, each access a lookup or an append with nothing else running: no runtime exclusivity check.
    @exclusivity(unchecked) private var statusLines: [Int: [UInt8]] = [:]
    @exclusivity(unchecked) private var commonHeaders: [UInt8] = []
    @exclusivity(unchecked) private var commonHeadersSecond = 0
    private var sweepTimer: UInt64?
    private(set) var draining = false

    init(loop: EventLoop, configuration: HTTPServerConfiguration, handler: @escaping HTTPHandler, counters: ServerCounters) {
        self.loop = loop
        self.configuration = configuration
        self.handler = handler
        self.counters = counters
        scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    }

    deinit { scratch.deallocate() }

    func adopt(fd: Int32, remote: SocketAddress?) {
        if draining {  // dealt to this loop by another one just as the server began shutting down
            Glibc.close(fd)
            counters.connectionEnded()
            return
        }
        let transport: any ConnectionTransport
        if let tls = configuration.tls {
            do { transport = try TLSTransport(context: tls, fd: fd, isServer: true) } catch {
                Glibc.close(fd)
                counters.connectionEnded()
                return
            }
        } else {
            transport = PlainTransport(fd: fd)
        }
        let connection = ServerConnection(fd: fd, remote: remote, context: self, transport: transport, isTLS: configuration.tls != nil)
        connections[fd] = connection
        do { try connection.start() } catch { connection.close() }
        if sweepTimer == nil { scheduleSweep() }
    }

    func connectionClosed(_ connection: ServerConnection) {
        if connections[connection.fd] === connection { connections.removeValue(forKey: connection.fd) }
        counters.connectionEnded()
    }

    private func scheduleSweep() {
        sweepTimer = loop.schedule(after: .milliseconds(500)) { [weak self] in
            guard let self else { return }
            self.sweepTimer = nil
            let now = Syscall.monotonicNanos()
            for connection in Array(self.connections.values) { connection.checkTimeouts(now: now) }
            if !self.connections.isEmpty { self.scheduleSweep() }
        }
    }

    /// Stops keeping connections alive; closes the idle ones now.
    func beginDraining() {
        draining = true
        for connection in Array(connections.values) where connection.isIdle { connection.close() }
    }

    /// Closes every connection at once.
    func closeAll() {
        for connection in Array(connections.values) { connection.close() }
        if let t = sweepTimer { loop.cancelTimer(t); sweepTimer = nil }
    }

    func appendStatusLine(_ status: Int, to buffer: inout [UInt8]) {
        if let line = statusLines[status] {
            buffer.append(contentsOf: line)
            return
        }
        let line = Array("HTTP/1.1 \(status) \(HTTPStatus.reasonPhrase(status))\r\n".utf8)
        statusLines[status] = line
        buffer.append(contentsOf: line)
    }

    /// `Date` (cached for the current second) and `Server`.
    func appendCommonHeaders(to buffer: inout [UInt8]) {
        let now = time(nil)
        if Int(now) != commonHeadersSecond || commonHeaders.isEmpty {
            commonHeadersSecond = Int(now)
            var t = now
            var tmv = tm()
            gmtime_r(&t, &tmv)
            var out = [CChar](repeating: 0, count: 64)
            let n = strftime(&out, 64, "%a, %d %b %Y %H:%M:%S GMT", &tmv)
            var header = Array("Date: ".utf8)
            header.append(contentsOf: out[0..<n].map { UInt8(bitPattern: $0) })
            header.append(contentsOf: [0x0D, 0x0A])
            if let server = configuration.serverHeader { header.append(contentsOf: Array("Server: \(server)\r\n".utf8)) }
            commonHeaders = header
        }
        buffer.append(contentsOf: commonHeaders)
    }
}

/// Accepts connections on a listening socket shared by every loop (EPOLLEXCLUSIVE wakes one of them) and deals them
/// out round robin over the server's loops.
///
/// Whichever loop wakes accepts a whole burst (up to 64), so without dealing, a burst of new clients (wrk -c1000)
/// lands mostly on one loop, which then carries most of the load while the other idles, and the slow loop's requests
/// make the p99. A connection for another loop is handed over with `EventLoop.execute` (one wake-up per connection,
/// paid once per connection, not per request).
final class ServerListener: EventLoopSelectable {
    let fd: Int32
    let context: ServerLoopContext
    /// Every loop's context of this server, in loop order; `context` is one of them.
    private let peers: [UncheckedBox<ServerLoopContext>]
    private let dealer: ConnectionDealer

    init(fd: Int32, context: ServerLoopContext, peers: [ServerLoopContext], dealer: ConnectionDealer) {
        self.fd = fd
        self.context = context
        self.peers = peers.map { UncheckedBox($0) }
        self.dealer = dealer
    }

    func handleEvents(_ events: UInt32) {
        for _ in 0..<64 {
            var storage = sockaddr_storage()
            var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let conn = csystem_accept4(fd, &storage, &len)
            if conn < 0 {
                let e = csystem_errno()
                if e == EINTR || e == ECONNABORTED { continue }
                return  // EAGAIN, or EMFILE and friends: try again on the next readiness
            }
            guard context.counters.admitConnection() else {
                Socket.setAbortiveClose(conn)
                Glibc.close(conn)
                continue
            }
            Socket.setNoDelay(conn)
            let remote = SocketAddress(storage)
            let target = peers.count == 1 ? peers[0] : peers[dealer.next(of: peers.count)]
            if target.value === context {
                context.adopt(fd: conn, remote: remote)
            } else {
                target.value.loop.execute { target.value.adopt(fd: conn, remote: remote) }
            }
        }
    }
}

/// The round-robin position shared by a server's listeners.
final class ConnectionDealer: Sendable {
    private let counter = Atomic<Int>(0)

    /// The next loop index in 0..<count.
    func next(of count: Int) -> Int {
        let n = counter.wrappingAdd(1, ordering: .relaxed).oldValue
        return Int(UInt(bitPattern: n) % UInt(count))
    }
}
