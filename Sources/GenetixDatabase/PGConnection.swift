import CPostgres
import Dispatch
import Foundation

/// One libpq connection. Every blocking libpq call runs on the connection's own serial Dispatch queue and resumes
/// the caller, so async code never blocks Swift's cooperative pool. Queries are parameterised (`PQexecParams`).
public final class PGConnection: @unchecked Sendable {
    // @unchecked Sendable: `handle` is read and written only on `queue`, a serial queue, so libpq's
    // one-thread-at-a-time rule for a PGconn holds.
    private let queue: DispatchQueue
    private var handle: OpaquePointer?
    /// What the connection is to, for error messages (no password).
    public let target: String

    private init(handle: OpaquePointer, queue: DispatchQueue, target: String) {
        self.handle = handle
        self.queue = queue
        self.target = target
    }

    deinit {
        if let handle { PQfinish(handle) }
    }

    /// Opens a connection with a libpq conninfo string (`host=… port=… user=… dbname=…`). `target` names it in errors.
    public static func connect(_ conninfo: String, target: String? = nil) async throws(DatabaseError) -> PGConnection {
        let name = target ?? Self.describe(conninfo)
        let queue = DispatchQueue(label: "genetix.pg.\(name)")
        let result: Result<PGConnection, DatabaseError> = await withCheckedContinuation { continuation in
            queue.async {
                guard let handle = PQconnectdb(conninfo) else {
                    continuation.resume(returning: .failure(.connectFailed(target: name, message: "out of memory")))
                    return
                }
                if PQstatus(handle) != CONNECTION_OK {
                    let message = Self.clean(PQerrorMessage(handle))
                    PQfinish(handle)
                    continuation.resume(returning: .failure(.connectFailed(target: name, message: message)))
                    return
                }
                // Server notices (WARNING/NOTICE) are not errors; libpq would print them on stderr.
                PQsetNoticeProcessor(handle, { _, _ in }, nil)
                continuation.resume(returning: .success(PGConnection(handle: handle, queue: queue, target: name)))
            }
        }
        return try result.get()
    }

    /// Runs one statement with `$1…$n` parameters (text format; nil is SQL NULL) and returns its rows.
    @discardableResult
    public func query(_ sql: String, _ parameters: [String?] = []) async throws(DatabaseError) -> PGRows {
        let result: Result<PGRows, DatabaseError> = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: self.execute(sql, parameters)) }
        }
        return try result.get()
    }

    /// Whether the connection is still usable (false after the server went away).
    public var isHealthy: Bool {
        get async {
            await withCheckedContinuation { continuation in
                queue.async { continuation.resume(returning: self.handle.map { PQstatus($0) == CONNECTION_OK } ?? false) }
            }
        }
    }

    /// The server process id serving this connection.
    public var backendPID: Int32 {
        get async {
            await withCheckedContinuation { continuation in
                queue.async { continuation.resume(returning: self.handle.map { PQbackendPID($0) } ?? 0) }
            }
        }
    }

    /// Closes the connection; later queries fail.
    public func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                if let handle = self.handle { PQfinish(handle) }
                self.handle = nil
                continuation.resume()
            }
        }
    }

    /// Computes a SCRAM-SHA-256 verifier for `password` client-side (`PQencryptPasswordConn`), so the plain
    /// password never travels in a statement.
    public func scramVerifier(password: String, user: String) async throws(DatabaseError) -> String {
        let result: Result<String, DatabaseError> = await withCheckedContinuation { continuation in
            queue.async {
                guard let handle = self.handle, let encrypted = PQencryptPasswordConn(handle, password, user, "scram-sha-256") else {
                    continuation.resume(returning: .failure(.queryFailed(sql: "PQencryptPasswordConn", sqlState: nil,
                                                                         message: self.handle.map { Self.clean(PQerrorMessage($0)) } ?? "closed")))
                    return
                }
                let verifier = String(cString: encrypted)
                PQfreemem(encrypted)
                continuation.resume(returning: .success(verifier))
            }
        }
        return try result.get()
    }

    private func execute(_ sql: String, _ parameters: [String?]) -> Result<PGRows, DatabaseError> {
        guard let handle else { return .failure(.connectFailed(target: target, message: "the connection is closed")) }
        let copies = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
        let raw: OpaquePointer? = pointers.withUnsafeBufferPointer { values in
            PQexecParams(handle, sql, Int32(parameters.count), nil, values.baseAddress, nil, nil, 0)
        }
        guard let raw else {
            return .failure(.queryFailed(sql: sql, sqlState: nil, message: Self.clean(PQerrorMessage(handle))))
        }
        defer { PQclear(raw) }
        let status = PQresultStatus(raw)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else {
            let state = PQresultErrorField(raw, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            return .failure(.queryFailed(sql: sql, sqlState: state, message: Self.clean(PQresultErrorMessage(raw))))
        }
        let columnCount = Int(PQnfields(raw))
        let rowCount = Int(PQntuples(raw))
        let columns = (0..<columnCount).map { String(cString: PQfname(raw, Int32($0))) }
        var rows: [[String?]] = []
        rows.reserveCapacity(rowCount)
        for r in 0..<rowCount {
            rows.append((0..<columnCount).map { c in
                PQgetisnull(raw, Int32(r), Int32(c)) == 1 ? nil : String(cString: PQgetvalue(raw, Int32(r), Int32(c)))
            })
        }
        return .success(PGRows(columns: columns, rows: rows))
    }

    private static func clean(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "unknown error" }
        return String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "\n", with: " ")
    }

    /// `host=… port=…` of a conninfo, without the password.
    static func describe(_ conninfo: String) -> String {
        let parts = conninfo.split(separator: " ").filter { $0.hasPrefix("host=") || $0.hasPrefix("port=") }
        return parts.isEmpty ? "local server" : parts.joined(separator: " ")
    }
}
