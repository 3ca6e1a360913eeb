import Synchronization

/// The order in which test nodes ran their actions, across nodes: `db-2 promote`, `db-3 follow 127.0.0.1:5434`…
final class ActionJournal: Sendable {
    private let entries = Mutex<[String]>([])
    func record(_ entry: String) { entries.withLock { $0.append(entry) } }
    var all: [String] { entries.withLock { $0 } }
}
