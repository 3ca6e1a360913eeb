import GenetixPostgres
import Testing

/// The texts operators read in logs, and how the app classifies failures (503 or 500).
struct PostgresErrorTests {
    @Test func connectFailuresNameTheServerOrPointAtTheConninfo() {
        #expect(PostgresError.connectFailed(target: "local postgres", message: "no such file").description
            == "cannot connect to PostgreSQL at local postgres: no such file")
        #expect(PostgresError.connectFailed(target: nil, message: "Connection refused").description
            == "cannot connect to PostgreSQL: Connection refused — check that the server runs and that --db names it")
    }

    @Test func aRejectedStatementNamesItsStateAndTheStatement() {
        let long = "SELECT " + String(repeating: "x", count: 200)
        let error = PostgresError.statementFailed(sql: long, sqlState: "42703", message: "column \"x\" does not exist")
        #expect(error.description == "query failed (SQLSTATE 42703): column \"x\" does not exist — in: \(long.prefix(120))")
        #expect(PostgresError.statementFailed(sql: "PQencryptPasswordConn", sqlState: nil, message: "closed").description
            == "query failed: closed — in: PQencryptPasswordConn")
    }

    @Test func poolErrorsSayWhatToDo() {
        #expect(PostgresError.unavailable("timeout").description
            == "no writable PostgreSQL server answered in time: timeout — a failover may be in progress; retry shortly")
        #expect(PostgresError.poolClosed.description == "the database pool is shut down (the worker is stopping)")
    }

    @Test func classifiesUniqueViolationsAndUnavailability() {
        #expect(PostgresError.statementFailed(sql: "INSERT", sqlState: "23505", message: "duplicate").isUniqueViolation)
        #expect(!PostgresError.statementFailed(sql: "INSERT", sqlState: "23503", message: "fk").isUniqueViolation)
        #expect(PostgresError.connectFailed(target: nil, message: "down").isUnavailable)
        #expect(PostgresError.unavailable("late").isUnavailable && PostgresError.poolClosed.isUnavailable)
        #expect(!PostgresError.statementFailed(sql: "INSERT", sqlState: "23505", message: "duplicate").isUnavailable)
    }
}
