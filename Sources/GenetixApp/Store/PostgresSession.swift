import Foundation
import GenetixCore
import GenetixPostgres

/// The connection state of one pool thread: connects lazily, reconnects after connection errors (so libpq picks the
/// current primary of a multi-host conninfo), and retries once when a fenced old primary answers
/// "cannot execute … in a read-only transaction" (SQLSTATE 25006).
final class PostgresSession {
    private let conninfo: String
    private var connection: PostgresConnection?

    init(conninfo: String) { self.conninfo = conninfo }

    /// Runs `body` on a live connection, reconnecting and retrying until `deadline` (monotonic nanoseconds).
    /// Connection failures past the deadline become `.unavailable`.
    func run<T>(deadline: UInt64, _ body: (PostgresConnection) throws(PostgresError) -> T) throws(PostgresError) -> T {
        var retriedReadOnly = false
        var lastProblem = "no attempt made"
        while true {
            if MonotonicClock.nanoseconds() >= deadline, connection == nil { throw .unavailable(lastProblem) }
            do {
                let live = try connected()
                return try body(live)
            } catch .connectFailed(_, let message) {
                connection = nil
                lastProblem = message
                if MonotonicClock.nanoseconds() >= deadline { throw .unavailable(message) }
                usleep(100_000)
            } catch .statementFailed(_, "25006", let message) {
                connection = nil
                lastProblem = message
                if retriedReadOnly { throw .unavailable(message) }
                retriedReadOnly = true
            } catch {
                if !(connection?.isHealthy ?? false) { connection = nil }
                throw error
            }
        }
    }

    private func connected() throws(PostgresError) -> PostgresConnection {
        if let connection, connection.isHealthy { return connection }
        connection = nil
        let fresh = try PostgresConnection(conninfo: conninfo)
        connection = fresh
        return fresh
    }
}
