import CPostgres
import Foundation

/// One libpq connection: parameterised statements (`PQexecParams`), result reading and error mapping.
///
/// Blocking, and not Sendable: libpq allows one thread at a time per connection, so the thread (or serial queue)
/// that opened it owns it and makes every call on it. The app runs one per pool thread (`PostgresPool`), the
/// database agent one per serial queue (`AsyncPostgresConnection`).
public final class PostgresConnection {
    private var handle: OpaquePointer?
    /// The one server the connection is to, for error messages ("local postgres", `host=… port=…`); nil when
    /// the conninfo came from the operator and may name several hosts.
    public let target: String?

    /// Opens a connection; `conninfo` may name several hosts (`host=a,b port=1,2 target_session_attrs=read-write`).
    /// With `ignoringNotices`, server notices (WARNING, NOTICE: not errors) are dropped instead of printed on stderr.
    public init(conninfo: String, target: String? = nil, ignoringNotices: Bool = false) throws(PostgresError) {
        guard let handle = PQconnectdb(conninfo) else {
            throw .connectFailed(target: target, message: "libpq could not allocate a connection")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = Self.clean(PQerrorMessage(handle))
            PQfinish(handle)
            throw .connectFailed(target: target, message: message)
        }
        if ignoringNotices { PQsetNoticeProcessor(handle, { _, _ in }, nil) }
        self.handle = handle
        self.target = target
    }

    deinit {
        if let handle { PQfinish(handle) }
    }

    /// Whether libpq still considers the connection usable (false after the server went away or `close()`).
    public var isHealthy: Bool { handle.map { PQstatus($0) == CONNECTION_OK } ?? false }

    /// The server process id serving this connection (0 once closed).
    public var backendPID: Int32 { handle.map { PQbackendPID($0) } ?? 0 }

    /// Closes the connection; later statements fail with `.connectFailed`.
    public func close() {
        if let handle { PQfinish(handle) }
        handle = nil
    }

    /// Runs one statement with `$1…$n` parameters (values in text form; nil is SQL NULL) and returns its rows.
    /// A broken connection (no result, SQLSTATE class 08 or 57P, or libpq no longer connected) is `.connectFailed`,
    /// so the caller reconnects; anything else the server rejects is `.statementFailed`.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> PostgresRows {
        guard let handle else { throw .connectFailed(target: target, message: "the connection is closed") }
        let copies: [UnsafeMutablePointer<CChar>?] = parameters.map { $0.map { strdup($0)! } }
        defer { copies.forEach { free($0) } }
        let values: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
        let result = values.withUnsafeBufferPointer { buffer in
            PQexecParams(handle, sql, Int32(parameters.count), nil, buffer.baseAddress, nil, nil, 0)
        }
        guard let result else {
            throw .connectFailed(target: target, message: Self.clean(PQerrorMessage(handle)))
        }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else {
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
            let message = Self.clean(PQresultErrorMessage(result))
            if !isHealthy || state.isEmpty || state.hasPrefix("08") || state.hasPrefix("57P") {
                throw .connectFailed(target: target, message: message.isEmpty ? Self.clean(PQerrorMessage(handle)) : message)
            }
            throw .statementFailed(sql: sql, sqlState: state, message: message)
        }
        return Self.rows(of: result)
    }

    /// Computes a SCRAM-SHA-256 verifier for `password` client-side (`PQencryptPasswordConn`), so the plain
    /// password never travels in a statement.
    public func scramVerifier(password: String, user: String) throws(PostgresError) -> String {
        guard let handle, let encrypted = PQencryptPasswordConn(handle, password, user, "scram-sha-256") else {
            throw .statementFailed(sql: "PQencryptPasswordConn", sqlState: nil,
                                   message: handle.map { Self.clean(PQerrorMessage($0)) } ?? "closed")
        }
        defer { PQfreemem(encrypted) }
        return String(cString: encrypted)
    }

    /// A successful result's columns, cells (text; nil for NULL) and affected-row count.
    private static func rows(of result: OpaquePointer) -> PostgresRows {
        let columnCount = Int(PQnfields(result))
        let rowCount = Int(PQntuples(result))
        let columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        var rows: [[String?]] = []
        rows.reserveCapacity(rowCount)
        for r in 0..<rowCount {
            rows.append((0..<columnCount).map { c in
                PQgetisnull(result, Int32(r), Int32(c)) != 0 ? nil : String(cString: PQgetvalue(result, Int32(r), Int32(c)))
            })
        }
        let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
        return PostgresRows(columns: columns, rows: rows, affected: affected)
    }

    /// A libpq message on one line, without its trailing newline.
    private static func clean(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "unknown libpq error" }
        return String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "\n", with: " ")
    }
}
