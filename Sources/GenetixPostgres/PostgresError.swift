/// Why a PostgreSQL call failed, in words an on-call engineer can act on.
public enum PostgresError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No connection could be opened, or the open one broke (server down or restarting, network cut, wrong conninfo,
    /// no primary among the hosts). `target` names the one server the connection is to ("local postgres",
    /// `host=… port=…`); nil for a conninfo given by the operator (`--db`), which may list several hosts.
    case connectFailed(target: String?, message: String)
    /// The server rejected a statement; `sqlState` is the five-character SQLSTATE (`23505` unique violation…).
    case statementFailed(sql: String, sqlState: String?, message: String)
    /// No usable (writable) server answered before the deadline; the caller should answer 503 and retry later.
    case unavailable(String)
    /// The pool has been shut down.
    case poolClosed

    public var description: String {
        switch self {
        case .connectFailed(.some(let target), let m):
            "cannot connect to PostgreSQL at \(target): \(m)"
        case .connectFailed(nil, let m):
            "cannot connect to PostgreSQL: \(m) — check that the server runs and that --db names it"
        case .statementFailed(let sql, let state, let m):
            "query failed\(state.map { " (SQLSTATE \($0))" } ?? ""): \(m) — in: \(sql.prefix(120))"
        case .unavailable(let m):
            "no writable PostgreSQL server answered in time: \(m) — a failover may be in progress; retry shortly"
        case .poolClosed:
            "the database pool is shut down (the worker is stopping)"
        }
    }

    /// SQLSTATE 23505: a unique constraint was violated.
    public var isUniqueViolation: Bool {
        if case .statementFailed(_, "23505", _) = self { return true }
        return false
    }

    /// Whether this error means the server is unreachable or not writable right now (answer 503, not 500).
    public var isUnavailable: Bool {
        switch self {
        case .connectFailed, .unavailable, .poolClosed: true
        case .statementFailed: false
        }
    }
}
