/// Why a database call failed, in words an on-call engineer can act on.
public enum PostgresError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No connection could be opened (server down, wrong conninfo, no primary among the hosts).
    case connectionFailed(String)
    /// The server rejected the statement; `sqlState` is the five-character SQLSTATE (`23505` unique violation…).
    case statementFailed(sqlState: String, message: String)
    /// No usable (writable) server answered before the deadline; the caller should answer 503 and retry later.
    case unavailable(String)
    /// The pool has been shut down.
    case poolClosed

    public var description: String {
        switch self {
        case .connectionFailed(let m):
            "cannot connect to PostgreSQL: \(m) — check that the server runs and that --db names it"
        case .statementFailed(let state, let m):
            "PostgreSQL rejected a statement (SQLSTATE \(state)): \(m)"
        case .unavailable(let m):
            "no writable PostgreSQL server answered in time: \(m) — a failover may be in progress; retry shortly"
        case .poolClosed:
            "the database pool is shut down (the worker is stopping)"
        }
    }

    /// SQLSTATE 23505: a unique constraint was violated.
    public var isUniqueViolation: Bool {
        if case .statementFailed("23505", _) = self { return true }
        return false
    }

    /// Whether this error means the server is unreachable or not writable right now (answer 503, not 500).
    public var isUnavailable: Bool {
        switch self {
        case .connectionFailed, .unavailable, .poolClosed: true
        case .statementFailed: false
        }
    }
}
