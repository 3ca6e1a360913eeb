import GenetixCore
import GenetixPostgres

/// A small pool of PostgreSQL connections for one worker process.
///
/// Design: libpq is blocking, so each connection lives on its own dedicated thread (a `BlockingExecutor`) that takes
/// jobs from a shared queue; callers `await` results, so neither the event loops nor Swift's cooperative threads ever
/// block on the database. Every call has a deadline (default 2 s): a write that cannot reach a primary in time fails
/// with `.unavailable` (the webapp answers 503 with `Retry-After: 1`) instead of hanging, while the thread keeps
/// reconnecting in the background. A `connect_timeout` of 2 s is added to the conninfo unless it sets one.
public final class PostgresPool: Sendable {
    private let executor: BlockingExecutor<PostgresSession>

    /// A pool of `size` connections (opened lazily, on first use).
    public init(conninfo: String, size: Int = 3, name: String = "pg") {
        let info = conninfo.contains("connect_timeout") ? conninfo : conninfo + " connect_timeout=2"
        executor = BlockingExecutor(threads: size, name: name) { PostgresSession(conninfo: info) }
    }

    /// Runs one parameterised statement and returns its rows; fails with `.unavailable` after `timeout`.
    public func query(_ sql: String, _ parameters: [String?] = [], timeout: Duration = .seconds(2)) async throws(PostgresError) -> PostgresRows {
        try await withConnection(timeout: timeout) { connection throws(PostgresError) in
            try connection.execute(sql, parameters)
        }
    }

    /// Runs `body` with one connection on a pool thread (for transactions: issue BEGIN … COMMIT inside `body`).
    func withConnection<T: Sendable>(timeout: Duration = .seconds(2),
                                     _ body: @escaping @Sendable (PostgresConnection) throws(PostgresError) -> T) async throws(PostgresError) -> T {
        let deadline = MonotonicClock.nanoseconds() &+ timeout.nanoseconds
        let result: Result<T, PostgresError> = await executor.run(
            timeout: timeout, timeoutError: .unavailable("the database did not answer within \(timeout)"),
            closedError: .poolClosed
        ) { session in
            do throws(PostgresError) {
                return .success(try session.run(deadline: deadline, body))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Stops the pool threads after the queued jobs; their connections close.
    public func shutdown() { executor.shutdown() }
}
