import GenetixCore
import GenetixNet
import Synchronization

/// Sends `WATCHDOG=1` from the node's event loops: every loop marks a heartbeat on a timer, and the first loop sends
/// the ping only while every loop's heartbeat is fresh. A loop stuck in a handler stops the pings, so systemd
/// (`WatchdogSec=`) kills and restarts the node.
public final class SystemdWatchdog: Sendable {
    private let notifier: SystemdNotifier
    private let interval: Duration
    private let heartbeats: Mutex<[UInt64]>
    private let stopped = Atomic<Bool>(false)

    /// Starts pinging every `interval` on the loops of `group`.
    public init(notifier: SystemdNotifier, interval: Duration, group: EventLoopGroup) {
        self.notifier = notifier
        self.interval = interval
        heartbeats = Mutex(group.loops.map { _ in Syscall.monotonicNanos() })
        for (index, loop) in group.loops.enumerated() {
            loop.execute { [self] in self.tick(index, loop) }
        }
    }

    /// Stops pinging (on shutdown, after `STOPPING=1`).
    public func stop() { stopped.store(true, ordering: .relaxed) }

    private func tick(_ index: Int, _ loop: EventLoop) {
        guard !stopped.load(ordering: .relaxed) else { return }
        let now = Syscall.monotonicNanos()
        heartbeats.withLock { $0[index] = now }
        if index == 0 {
            let limit = UInt64(interval.components.seconds) * 2_000_000_000 + UInt64(interval.components.attoseconds / 500_000_000)
            if heartbeats.withLock({ $0.allSatisfy { now &- $0 <= limit } }) { notifier.notify("WATCHDOG=1") }
        }
        loop.schedule(after: interval) { [self] in self.tick(index, loop) }
    }
}
