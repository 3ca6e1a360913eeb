import Dispatch
import GenetixPostgres

/// One `PostgresConnection` for async code: every blocking libpq call runs on the connection's own serial Dispatch
/// queue and resumes the caller, so async code never blocks Swift's cooperative pool.
public final class AsyncPostgresConnection: @unchecked Sendable {
    // @unchecked Sendable: `connection` is used only on `queue`, a serial queue, so libpq's one-thread-at-a-time
    // rule for a PGconn holds.
    private let queue: DispatchQueue
    private let connection: PostgresConnection

    private init(connection: PostgresConnection, queue: DispatchQueue) {
        self.connection = connection
        self.queue = queue
    }

    /// Opens a connection with a libpq conninfo string (`host=… port=… user=… dbname=…`). `target` names it in errors.
    public static func connect(_ conninfo: String, target: String? = nil) async throws(DatabaseError) -> AsyncPostgresConnection {
        let name = target ?? Self.describe(conninfo)
        let queue = DispatchQueue(label: "genetix.pg.\(name)")
        let result: Result<AsyncPostgresConnection, PostgresError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(PostgresError) {
                    let connection = try PostgresConnection(conninfo: conninfo, target: name, ignoringNotices: true)
                    continuation.resume(returning: .success(AsyncPostgresConnection(connection: connection, queue: queue)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.mapError(DatabaseError.postgres).get()
    }

    /// Runs one statement with `$1…$n` parameters (text format; nil is SQL NULL) and returns its rows.
    @discardableResult
    public func query(_ sql: String, _ parameters: [String?] = []) async throws(DatabaseError) -> PostgresRows {
        try await onQueue { connection throws(PostgresError) in try connection.execute(sql, parameters) }
    }

    /// Whether the connection is still usable (false after the server went away).
    public var isHealthy: Bool {
        get async { (try? await onQueue { $0.isHealthy }) ?? false }
    }

    /// Closes the connection; later queries fail.
    public func close() async {
        _ = try? await onQueue { $0.close() }
    }

    /// Computes a SCRAM-SHA-256 verifier for `password` client-side (`PQencryptPasswordConn`), so the plain
    /// password never travels in a statement.
    public func scramVerifier(password: String, user: String) async throws(DatabaseError) -> String {
        try await onQueue { connection throws(PostgresError) in try connection.scramVerifier(password: password, user: user) }
    }

    /// Runs `body` with the connection on its queue and resumes with its result.
    private func onQueue<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws(PostgresError) -> T) async throws(DatabaseError) -> T {
        let result: Result<T, PostgresError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(PostgresError) {
                    continuation.resume(returning: .success(try body(self.connection)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.mapError(DatabaseError.postgres).get()
    }

    /// `host=… port=…` of a conninfo, without the password.
    static func describe(_ conninfo: String) -> String {
        let parts = conninfo.split(separator: " ").filter { $0.hasPrefix("host=") || $0.hasPrefix("port=") }
        return parts.isEmpty ? "local server" : parts.joined(separator: " ")
    }
}
