import GenetixAdmin
import Synchronization

/// Runs endless work (`--follow`) until SIGINT or SIGTERM: the signal ends the wait at once, even while a long poll
/// is in flight, and the work is cancelled. Following logs or events and stopping with Ctrl-C is a success.
enum UntilInterrupted {
    /// Runs `work`; returns true when a signal stopped it, false when it ended on its own.
    static func run(_ work: @escaping @Sendable () async -> Void) async -> Bool {
        SignalWaiter.ignoreSIGPIPE()
        SignalWaiter.install()
        let claimed = Mutex(false)
        let claim: @Sendable () -> Bool = { claimed.withLock { done in defer { done = true }; return !done } }
        return await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let worker = Task {
                await work()
                if claim() { continuation.resume(returning: false) }
            }
            Task {
                _ = await SignalWaiter.wait()
                if claim() {
                    worker.cancel()
                    continuation.resume(returning: true)
                }
            }
        }
    }
}
