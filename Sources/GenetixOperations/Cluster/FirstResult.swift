import Synchronization

/// A one-shot latch: the first caller of `claim()` wins, every later caller loses.
final class FirstResult<T>: Sendable {
    private let claimed = Mutex(false)

    /// True exactly once.
    func claim() -> Bool {
        claimed.withLock { done in
            if done { return false }
            done = true
            return true
        }
    }
}
