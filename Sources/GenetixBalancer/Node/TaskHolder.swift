import Synchronization

/// Holds a background task so a Sendable owner can cancel it later.
final class TaskHolder: Sendable {
    private let task = Mutex<Task<Void, Never>?>(nil)

    func set(_ new: Task<Void, Never>) {
        task.withLock { old in
            old?.cancel()
            old = new
        }
    }

    func cancel() {
        task.withLock { $0?.cancel(); $0 = nil }
    }
}
