import GenetixCore

/// One line of postgres's stderr log (`log_line_prefix = '%m [%p] '`), split into pid, severity and message.
struct PostgresLogLine: Sendable, Equatable {
    /// PostgreSQL's own severity word: LOG, WARNING, ERROR, FATAL, PANIC, DETAIL…
    let severity: String?
    let pid: String?
    let message: String

    /// Parses `2025-01-01 12:00:00.123 UTC [4242] LOG:  message`; a line without the prefix keeps its text whole.
    init(_ line: Substring) {
        if let open = line.firstIndex(of: "["), let close = line[open...].firstIndex(of: "]"),
           line[line.index(after: open)..<close].allSatisfy(\.isNumber) {
            pid = String(line[line.index(after: open)..<close])
            let rest = line[line.index(after: close)...].drop { $0 == " " }
            if let colon = rest.firstIndex(of: ":"), rest[..<colon].allSatisfy({ $0.isUppercase || $0.isNumber }) {
                severity = String(rest[..<colon])
                message = String(rest[rest.index(after: colon)...].drop { $0 == " " })
            } else {
                severity = nil
                message = String(rest)
            }
        } else {
            pid = nil
            severity = nil
            message = String(line.drop { $0 == "\t" || $0 == " " })
        }
    }

    /// Our level for a PostgreSQL severity: LOG/INFO → info, NOTICE → notice, WARNING → warn, ERROR → error,
    /// FATAL/PANIC → critical, DEBUGn → debug. Nil for DETAIL/HINT/CONTEXT/STATEMENT (they follow their message).
    static func level(for severity: String) -> LogLevel? {
        switch severity {
        case "LOG", "INFO": .info
        case "NOTICE": .notice
        case "WARNING": .warn
        case "ERROR": .error
        case "FATAL", "PANIC": .critical
        case let s where s.hasPrefix("DEBUG"): .debug
        default: nil
        }
    }
}
