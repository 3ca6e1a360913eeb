import Foundation
import GenetixCore

/// Follows postgres's log file and copies each line into the node's log under source `postgres`, with PostgreSQL's
/// severity mapped to ours (detail lines take the level of the line they belong to).
///
/// A line is kept to `maxLineBytes`: a client can make postgres log a statement of any length (a 1 GB query in an
/// error's `STATEMENT:` line), so the rest of an over-long line is dropped and counted in the entry, and the partial
/// line held between polls never grows beyond the limit.
actor PostgresLogTailer {
    /// The longest line copied into the node's log; the rest of a longer line is dropped and counted.
    static let maxLineBytes = 16 * 1024

    private let path: String
    private let store: LogStore
    private var offset: UInt64 = 0
    private var partial: [UInt8] = []
    /// Bytes of the current line dropped beyond `maxLineBytes`.
    private var dropped = 0
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

    /// Reads what the file gained since the last poll (at most 4 MiB) and emits its complete lines.
    func poll() {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        if size < offset { offset = 0; partial.removeAll(); dropped = 0 }
        guard size > offset else { return }
        try? handle.seek(toOffset: offset)
        let data = (try? handle.read(upToCount: Int(min(size - offset, 4 << 20)))) ?? Data()
        offset += UInt64(data.count)
        let bytes = [UInt8](data)
        var start = 0
        while let newline = bytes[start...].firstIndex(of: 0x0A) {
            keep(bytes[start..<newline])
            finishLine()
            start = newline + 1
        }
        keep(bytes[start...])
    }

    /// The bytes of an unfinished line held between polls (never more than `maxLineBytes`).
    var bufferedBytes: Int { partial.count }

    private func keep(_ bytes: ArraySlice<UInt8>) {
        let room = max(0, Self.maxLineBytes - partial.count)
        partial.append(contentsOf: bytes.prefix(room))
        dropped += max(0, bytes.count - room)
    }

    private func finishLine() {
        var line = String(decoding: partial, as: UTF8.self)
        if dropped > 0 { line += " … [\(dropped) more bytes of this line dropped]" }
        partial.removeAll(keepingCapacity: partial.count <= 4096)
        dropped = 0
        if !line.isEmpty { emit(line) }
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
