import Synchronization

/// The log stores of this process that write a file, held weakly, so SIGHUP can reopen every one of them.
enum LogFileRegistry {
    private struct Weak: @unchecked Sendable {
        // @unchecked Sendable: the reference is only read and written inside the Mutex below; LogStore is Sendable.
        weak var store: LogStore?
    }
    private static let stores = Mutex<[Weak]>([])

    static func add(_ store: LogStore) {
        stores.withLock { list in
            list.removeAll { $0.store == nil }
            list.append(Weak(store: store))
        }
    }

    static func all() -> [LogStore] { stores.withLock { $0.compactMap(\.store) } }
}
