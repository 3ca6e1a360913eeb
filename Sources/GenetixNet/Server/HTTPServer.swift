import CSystem
import Glibc
import Dispatch
import Synchronization

/// Answers one request; called on the connection's event-loop thread. Answer through the responder, now or later
/// from any thread. Never block: hand slow work to a task and answer from there.
public typealias HTTPHandler = @Sendable (consuming HTTPRequest, HTTPResponder) -> Void

/// An HTTP/1.1 server: one listening socket shared by the loops of a group, keep-alive, pipelining, chunked
/// streaming, limits and timeouts from `HTTPServerConfiguration`, TLS when configured.
public final class HTTPServer: @unchecked Sendable {
    // @unchecked Sendable: `contexts` and `listeners` are created before start and then touched only on their loops;
    // counters are atomics.
    public let configuration: HTTPServerConfiguration
    /// The address actually bound (with the real port when 0 was asked for).
    public let localAddress: SocketAddress
    private let listenFD: Int32
    private let group: EventLoopGroup
    private var contexts: [ServerLoopContext] = []
    private var listeners: [ServerListener] = []
    private let counters: ServerCounters

    /// Binds and starts serving on every loop of `group`.
    public init(configuration: HTTPServerConfiguration, group: EventLoopGroup, handler: @escaping HTTPHandler) throws(NetError) {
        self.configuration = configuration
        self.group = group
        counters = ServerCounters(maxConnections: configuration.maxConnections)
        listenFD = try Socket.listen(on: configuration.address, reusePort: false)
        localAddress = Socket.localAddress(of: listenFD) ?? configuration.address
        for loop in group.loops {
            contexts.append(ServerLoopContext(loop: loop, configuration: configuration, handler: handler, counters: counters))
        }
        let dealer = ConnectionDealer()
        for context in contexts {
            listeners.append(ServerListener(fd: listenFD, context: context, peers: contexts, dealer: dealer))
        }
        let failure = Mutex<SystemError?>(nil)
        let done = DispatchGroup()
        for (i, loop) in group.loops.enumerated() {
            let listener = UncheckedBox(listeners[i])
            done.enter()
            loop.execute {
                do throws(SystemError) {
                    try loop.register(fd: listener.value.fd, events: EPOLLIN.rawValue | Self.exclusive, handler: listener.value)
                } catch { failure.withLock { $0 = error } }
                done.leave()
            }
        }
        done.wait()
        if let error = failure.withLock({ $0 }) {
            Glibc.close(listenFD)
            throw .system(error)
        }
    }

    /// EPOLLEXCLUSIVE: wake one loop per new connection, not all of them.
    private static let exclusive = UInt32(1 << 28)

    /// Open connections right now.
    public var openConnections: Int { counters.connections.load(ordering: .relaxed) }

    /// Requests refused as malformed, too large or too slow since start.
    public var rejectedRequests: Int { counters.rejected.load(ordering: .relaxed) }

    /// Stops accepting, lets requests in progress finish for up to `grace`, then closes what is left.
    public func shutdown(grace: Duration = .seconds(5)) async {
        guard !counters.stopped.exchange(true, ordering: .relaxed) else { return }
        for (i, loop) in group.loops.enumerated() {
            let context = UncheckedBox(contexts[i])
            let fd = listenFD
            try? await loop.submit {
                loop.deregister(fd: fd)
                context.value.beginDraining()
            }
        }
        Glibc.close(listenFD)
        let deadline = ContinuousClock.now + grace
        while openConnections > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        for (i, loop) in group.loops.enumerated() {
            let context = UncheckedBox(contexts[i])
            try? await loop.submit { context.value.closeAll() }
        }
    }
}


/// Counters shared by a server's loops: open connections (for the cap), rejected requests, and the stop flag.
final class ServerCounters: Sendable {
    let connections = Atomic<Int>(0)
    let rejected = Atomic<Int>(0)
    let stopped = Atomic<Bool>(false)
    let maxConnections: Int

    init(maxConnections: Int) { self.maxConnections = maxConnections }

    func admitConnection() -> Bool {
        if stopped.load(ordering: .relaxed) { return false }
        if connections.wrappingAdd(1, ordering: .relaxed).newValue > maxConnections {
            connections.wrappingSubtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    func connectionEnded() { connections.wrappingSubtract(1, ordering: .relaxed) }
    func countRejected() { rejected.wrappingAdd(1, ordering: .relaxed) }
}
