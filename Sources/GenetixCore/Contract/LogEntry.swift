import Foundation

/// Severity of a log entry, ordered from chatty to urgent.
public enum LogLevel: String, Codable, Sendable, CaseIterable, Comparable {
    case trace, debug, info, notice, warn, error, critical

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rank < b.rank }

    /// Parses a level name, accepting common aliases (`warning`, `err`, `fatal`).
    public init?(parsing text: some StringProtocol) {
        switch text.lowercased() {
        case "trace": self = .trace
        case "debug": self = .debug
        case "info", "log": self = .info
        case "notice": self = .notice
        case "warn", "warning": self = .warn
        case "error", "err": self = .error
        case "critical", "crit", "fatal", "panic": self = .critical
        default: return nil
        }
    }
}

/// One structured log entry. `seq` increases monotonically within a node and is the cursor of /admin/v1/logs.
public struct LogEntry: Codable, Sendable, Equatable {
    public var seq: UInt64
    public var time: Date
    public var level: LogLevel
    /// What wrote it: `supervisor`, `worker-3`, `postgres`, `proxy`, `access`, `audit`…
    public var source: String
    public var message: String
    public var fields: LogFields
    /// The node that holds it; filled in by clients that merge several nodes.
    public var node: String?
    public init(seq: UInt64, time: Date, level: LogLevel, source: String, message: String, fields: LogFields = [:],
                node: String? = nil) {
        self.seq = seq
        self.time = time
        self.level = level
        self.source = source
        self.message = message
        self.fields = fields
        self.node = node
    }
}

/// A page of `GET /admin/v1/logs`: the entries after the cursor and the cursor to ask with next.
public struct LogPage: Codable, Sendable, Equatable {
    public var entries: [LogEntry]
    public var next: UInt64
    public init(entries: [LogEntry], next: UInt64) { self.entries = entries; self.next = next }
}

/// A significant state change: worker crashed, scaled, backend ejected, promoted, an audited action…
public struct NodeEvent: Codable, Sendable, Equatable {
    public var seq: UInt64
    public var time: Date
    /// Dotted type, e.g. `worker.crashed`, `scale.done`, `backend.ejected`, `database.promoted`, `action`.
    public var type: String
    /// `info`, `warn` or `crit`.
    public var severity: String
    public var message: String
    /// Who caused it: a token name for actions, `system` otherwise.
    public var actor: String?
    /// What it is about: a worker, backend or node.
    public var target: String?
    public var fields: [String: String]
    /// The node that holds it; filled in by clients that merge several nodes.
    public var node: String?
    public init(seq: UInt64, time: Date, type: String, severity: String = "info", message: String, actor: String? = nil,
                target: String? = nil, fields: [String: String] = [:], node: String? = nil) {
        self.seq = seq
        self.time = time
        self.type = type
        self.severity = severity
        self.message = message
        self.actor = actor
        self.target = target
        self.fields = fields
        self.node = node
    }
}

/// A page of `GET /admin/v1/events`.
public struct EventPage: Codable, Sendable, Equatable {
    public var events: [NodeEvent]
    public var next: UInt64
    public init(events: [NodeEvent], next: UInt64) { self.events = events; self.next = next }
}
