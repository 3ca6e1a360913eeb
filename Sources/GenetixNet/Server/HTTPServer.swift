import CSystem
import Glibc
import Synchronization

/// Answers one request; called on the connection's event-loop thread. Answer through the responder, now or later
/// from any thread. Never block: hand slow work to a task and answer from there.
public typealias HTTPHandler = @Sendable (HTTPRequest, HTTPResponder) -> Void

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
    private let connections = Atomic<Int>(0)
    private let rejected = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)

    /// Binds and starts serving on every loop of `group`.
    public init(configuration: HTTPServerConfiguration, group: EventLoopGroup, handler: @escaping HTTPHandler) throws(NetError) {
        self.configuration = configuration
        self.group = group
        listenFD = try Socket.listen(on: configuration.address, reusePort: false)
        localAddress = Socket.localAddress(of: listenFD) ?? configuration.address
        for loop in group.loops {
            let context = ServerLoopContext(loop: loop, configuration: configuration, handler: handler, server: self)
            contexts.append(context)
            listeners.append(ServerListener(fd: listenFD, context: context))
        }
        let failure = Mutex<SystemError?>(nil)
        let done = DispatchGroupLite(count: group.loops.count)
        for (i, loop) in group.loops.enumerated() {
            let listener = UncheckedBox(listeners[i])
            loop.execute {
                do {
                    try loop.register(fd: listener.value.fd, events: EPOLLIN.rawValue | UInt32(1 << 28), handler: listener.value)
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

    /// Open connections right now.
    public var openConnections: Int { connections.load(ordering: .relaxed) }

    /// Requests refused as malformed, too large or too slow since start.
    public var rejectedRequests: Int { rejected.load(ordering: .relaxed) }

    func admitConnection() -> Bool {
        if stopped.load(ordering: .relaxed) { return false }
        let now = connections.wrappingAdd(1, ordering: .relaxed).newValue
        if now > configuration.maxConnections {
            connections.wrappingSubtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    func connectionEnded() { connections.wrappingSubtract(1, ordering: .relaxed) }
    func countRejected() { rejected.wrappingAdd(1, ordering: .relaxed) }

    /// Stops accepting, lets requests in progress finish for up to `grace`, then closes what is left.
    public func shutdown(grace: Duration = .seconds(5)) async {
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
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

/// A countdown the constructor waits on while the loops register the listener.
final class DispatchGroupLite: Sendable {
    private let remaining: Mutex<Int>
    private let semaphore = DispatchSemaphoreBox()
    init(count: Int) { remaining = Mutex(count) }
    func leave() {
        let zero = remaining.withLock { r -> Bool in
            r -= 1
            return r == 0
        }
        if zero { semaphore.signal() }
    }
    func wait() { semaphore.wait() }
}

import Dispatch

/// A Sendable wrapper of a semaphore.
final class DispatchSemaphoreBox: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    func signal() { semaphore.signal() }
    func wait() { semaphore.wait() }
}
