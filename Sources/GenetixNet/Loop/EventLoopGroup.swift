import Synchronization

/// A fixed set of event loops, one thread each; hands them out round robin.
public final class EventLoopGroup: Sendable {
    /// The loops, in creation order.
    public let loops: [EventLoop]
    private let counter = Atomic<Int>(0)

    /// Starts `count` loops (default: one per core).
    public init(count: Int = System.coreCount, name: String = "loop") throws(SystemError) {
        var loops: [EventLoop] = []
        for i in 0..<max(1, count) {
            let loop = try EventLoop(name: "\(name)-\(i)")
            loop.start()
            loops.append(loop)
        }
        self.loops = loops
    }

    /// The next loop, round robin.
    public func next() -> EventLoop {
        let i = counter.wrappingAdd(1, ordering: .relaxed).oldValue
        return loops[i % loops.count]
    }

    /// Stops every loop and waits for their threads.
    public func shutdown() {
        for loop in loops { loop.stop() }
    }

    /// A process-wide group for clients (admin client, console), created on first use with two loops.
    public static let shared: EventLoopGroup = {
        do { return try EventLoopGroup(count: 1, name: "client-loop") } catch {
            fatalError("cannot start the shared client event loop: \(error)")
        }
    }()
}

/// Facts about the machine.
public enum System {
    /// Online processors.
    public static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}

import Glibc
