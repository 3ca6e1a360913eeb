/// Writes structured entries under one source (`supervisor`, `proxy`, `worker-3`…) to a `LogStore`.
/// A small value: copy it freely, derive loggers with more fields with `with(fields:)`.
public struct Logger: Sendable {
    /// Where entries go.
    public let store: LogStore
    /// The `source` of every entry.
    public let source: String
    /// Fields added to every entry (the entry's own fields win on a clash).
    public let fields: [String: String]

    /// A logger for `source` writing to `store`.
    public init(store: LogStore, source: String, fields: [String: String] = [:]) {
        self.store = store
        self.source = source
        self.fields = fields
    }

    /// The same logger with more fields on every entry.
    public func with(fields more: [String: String]) -> Logger {
        Logger(store: store, source: source, fields: fields.merging(more) { _, new in new })
    }

    /// The same logger under another source.
    public func with(source: String) -> Logger {
        Logger(store: store, source: source, fields: fields)
    }

    /// Writes an entry at `level`; the message is built only when the level is enabled.
    @inline(__always)
    public func log(_ level: LogLevel, _ message: @autoclosure () -> String, fields entryFields: [String: String] = [:]) {
        guard store.isEnabled(level) else { return }
        let all = fields.isEmpty ? entryFields : fields.merging(entryFields) { _, new in new }
        store.append(level: level, source: source, message: message(), fields: all)
    }

    /// Very detailed diagnostics.
    public func trace(_ message: @autoclosure () -> String, fields: [String: String] = [:]) { log(.trace, message(), fields: fields) }
    /// Diagnostics for developers.
    public func debug(_ message: @autoclosure () -> String, fields: [String: String] = [:]) { log(.debug, message(), fields: fields) }
    /// Normal operation.
    public func info(_ message: @autoclosure () -> String, fields: [String: String] = [:]) { log(.info, message(), fields: fields) }
    /// Normal but significant.
    public func notice(_ message: @autoclosure () -> String, fields: [String: String] = [:]) { log(.notice, message(), fields: fields) }
    /// Something is off but handled.
    public func warn(_ message: @autoclosure () -> String, fields: [String: String] = [:]) { log(.warn, message(), fields: fields) }
    /// Something failed.
    public func error(_ message: @autoclosure () -> String, fields: [String: String] = [:]) { log(.error, message(), fields: fields) }
    /// The node cannot do its job.
    public func critical(_ message: @autoclosure () -> String, fields: [String: String] = [:]) { log(.critical, message(), fields: fields) }
}
