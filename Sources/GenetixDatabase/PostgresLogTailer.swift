import Foundation
import GenetixCore

/// Follows postgres's log file and copies each line into the node's log under source `postgres`, with PostgreSQL's
/// severity mapped to ours (detail lines take the level of the line they belong to).
actor PostgresLogTailer {
    private let path: String
    private let store: LogStore
    private var offset: UInt64 = 0
    private var partial: [UInt8] = []
    private var lastLevel: LogLevel = .info
    private var task: Task<Void, Never>?

    init(path: String, store: LogStore) {
        self.path = path
        self.store = store
    }

    /// Starts following from the current end of the file (older lines were read by an earlier agent).
    func start() {
        guard task == nil else { return }
        offset = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? UInt64) ?? 0
        task = Task { [weak self] in
            while !Task.isCancelled {
                await self?.poll()
                try? await Task.sleep(for: .milliseconds(250))
            }
        }
    }

    /// Reads what is left and stops following.
    func stop() {
        poll()
        task?.cancel()
        task = nil
    }

    private func poll() {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        if size < offset { offset = 0; partial.removeAll() }
        guard size > offset else { return }
        try? handle.seek(toOffset: offset)
        let data = (try? handle.read(upToCount: Int(min(size - offset, 4 << 20)))) ?? Data()
        offset += UInt64(data.count)
        partial.append(contentsOf: data)
        while let newline = partial.firstIndex(of: 0x0A) {
            let line = String(decoding: partial[..<newline], as: UTF8.self)
            partial.removeSubrange(...newline)
            if !line.isEmpty { emit(line) }
        }
    }

    private func emit(_ text: String) {
        let line = PostgresLogLine(Substring(text))
        var level = lastLevel
        if let severity = line.severity, let mapped = PostgresLogLine.level(for: severity) {
            level = mapped
            lastLevel = mapped
        }
        var fields: [String: String] = [:]
        if let pid = line.pid { fields["pid"] = pid }
        if let severity = line.severity { fields["severity"] = severity }
        store.append(level: level, source: "postgres", message: line.message, fields: fields)
    }
}
