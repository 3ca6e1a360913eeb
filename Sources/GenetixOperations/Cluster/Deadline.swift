/// Runs async work against a deadline: whichever finishes first, the work or the clock, gives the result; the loser
/// is cancelled. The caller never waits longer than the deadline, even when the work ignores cancellation.
public enum Deadline {
    /// The result of `work`, or of `onTimeout` when `limit` passes first.
    public static func run<T: Sendable>(within limit: Duration, _ work: @escaping @Sendable () async -> T,
                                        onTimeout: @escaping @Sendable () -> T) async -> T {
        let box = FirstResult<T>()
        return await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            let worker = Task {
                let value = await work()
                if box.claim() { continuation.resume(returning: value) }
            }
            Task {
                try? await Task.sleep(for: limit)
                if box.claim() {
                    worker.cancel()
                    continuation.resume(returning: onTimeout())
                }
            }
        }
    }
}
