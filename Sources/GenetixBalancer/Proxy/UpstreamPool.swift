import GenetixCore
import GenetixNet
import Glibc

/// The connections of one loop to one backend: idle keep-alive connections reused last-in first-out, new ones
/// opened up to the backend's connection cap, and a queue of requests waiting for a connection when at the cap.
/// Loop-confined.
final class UpstreamPool: ClientConnectionOwner {
    let backend: Backend
    let loop: EventLoop
    let settings: UpstreamSettings
    /// The loop's read scratch space, shared by all its upstream connections.
    let scratch: UnsafeMutableRawBufferPointer
    // Loop-confined, and every access ends before other code runs (a waiter is removed before it is called): no runtime
    // exclusivity check on these (three per request otherwise).
    @exclusivity(unchecked) private var idle: [ClientConnection] = []
    @exclusivity(unchecked) private var open: [ObjectIdentifier: ClientConnection] = [:]
    @exclusivity(unchecked) private var waiters: [(since: UInt64, grant: (ClientConnection?) -> Void)] = []
    /// Upstream latencies of this loop's requests to the backend, not yet added to `backend.latency` (see `flushLatency`).
    @exclusivity(unchecked) var pendingLatency = HistogramSnapshot()

    init(backend: Backend, loop: EventLoop, settings: UpstreamSettings, scratch: UnsafeMutableRawBufferPointer) {
        self.backend = backend
        self.loop = loop
        self.settings = settings
        self.scratch = scratch
    }

    /// A connection for one exchange: an idle one or a new one; nil at the connection cap (then `wait`).
    /// Throws when a new connection cannot even be started.
    func acquire() throws(ClientFailure) -> ClientConnection? {
        while let c = idle.popLast() {
            if c.isIdle { return c }
        }
        if backend.openConnections.load(ordering: .relaxed) >= settings.maxConnectionsPerBackend { return nil }
        return try makeConnection()
    }

    /// Queues for the next free connection; `grant` gets nil when none came within the connect timeout.
    func wait(_ grant: @escaping (ClientConnection?) -> Void) {
        waiters.append((Syscall.monotonicNanos(), grant))
    }

    private func makeConnection() throws(ClientFailure) -> ClientConnection {
        backend.openConnections.wrappingAdd(1, ordering: .relaxed)
        do {
            let c = try ClientConnection(to: backend.address, loop: loop, owner: self, scratch: scratch,
                                         limits: settings.responseLimits, connectTimeout: settings.connectTimeout,
                                         responseTimeout: settings.responseTimeout)
            open[ObjectIdentifier(c)] = c
            return c
        } catch {
            backend.openConnections.wrappingSubtract(1, ordering: .relaxed)
            throw error
        }
    }

    /// Takes a connection back after a complete keep-alive exchange.
    func connectionReusable(_ connection: ClientConnection) {
        if !waiters.isEmpty {
            let waiter = waiters.removeFirst()
            waiter.grant(connection)
            return
        }
        if idle.count >= settings.maxIdlePerBackend {
            connection.close()
            return
        }
        idle.append(connection)
    }

    /// Forgets a closed connection and lets a waiter open a new one in its place.
    func connectionClosed(_ connection: ClientConnection) {
        guard open.removeValue(forKey: ObjectIdentifier(connection)) != nil else { return }
        backend.openConnections.wrappingSubtract(1, ordering: .relaxed)
        if let i = idle.firstIndex(where: { $0 === connection }) { idle.remove(at: i) }
        if !waiters.isEmpty, backend.openConnections.load(ordering: .relaxed) < settings.maxConnectionsPerBackend {
            let waiter = waiters.removeFirst()
            loop.schedule(after: .zero) { [weak self] in
                guard let self else { return waiter.grant(nil) }
                waiter.grant(try? self.makeConnection())
            }
        }
    }

    /// Hands the latencies gathered since the last call to the backend's shared histogram (one lock per batch).
    func flushLatency() {
        guard pendingLatency.count > 0 else { return }
        backend.latency.record(pendingLatency)
        pendingLatency = HistogramSnapshot()
    }

    /// Enforces deadlines: connect and response timeouts, and the wait for a connection (the connect timeout).
    func sweep(now: UInt64) {
        flushLatency()
        for c in Array(open.values) { c.checkDeadline(now: now) }
        let limit = settings.connectTimeout.nanoseconds
        while let first = waiters.first, now &- first.since > limit {
            waiters.removeFirst()
            first.grant(nil)
        }
    }

    /// Closes every connection (shutdown, or the backend left the set).
    func closeAll() {
        for c in Array(open.values) { c.fail(.connectFailed("the balancer is shutting down")) }
        idle.removeAll()
        let pending = waiters
        waiters.removeAll()
        for w in pending { w.grant(nil) }
    }
}
