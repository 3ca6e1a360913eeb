import GenetixPostgres
import GenetixTesting
import Testing

/// `PostgresConnection` against a real PostgreSQL 15: parameters, NULLs, affected rows, and how each kind of
/// failure is mapped (a rejected statement, a refused connection, a closed or killed connection).
struct PostgresConnectionTests {
    @Test func runsStatementsAndMapsFailures() async throws {
        try await TemporaryPostgres.with { pg in
            let connection = try PostgresConnection(conninfo: pg.conninfo, target: "test server", ignoringNotices: true)
            #expect(connection.isHealthy && connection.backendPID > 0 && connection.target == "test server")

            let echoed = try connection.execute("SELECT $1::int + 1 AS next, $2::text AS nothing", ["41", nil])
            #expect(echoed.columns == ["next", "nothing"] && echoed.int64() == 42 && echoed.value("nothing") == nil)

            try connection.execute("CREATE TABLE t (id int PRIMARY KEY)")
            #expect(try connection.execute("INSERT INTO t SELECT generate_series(1, 3)").affected == 3)
            #expect(throws: PostgresError.statementFailed(sql: "INSERT INTO t VALUES (1)", sqlState: "23505",
                                                         message: "ERROR:  duplicate key value violates unique constraint \"t_pkey\" DETAIL:  Key (id)=(1) already exists.")) {
                try connection.execute("INSERT INTO t VALUES (1)")
            }

            #expect(try connection.scramVerifier(password: "secret", user: "genetix").hasPrefix("SCRAM-SHA-256$"))

            // The server ending the session (SQLSTATE 57P01) is a broken connection, not a rejected statement.
            let victim = try PostgresConnection(conninfo: pg.conninfo)
            try connection.execute("SELECT pg_terminate_backend($1::int)", [String(victim.backendPID)])
            do throws(PostgresError) {
                try victim.execute("SELECT 1")
                Issue.record("a terminated connection answered")
            } catch {
                guard case .connectFailed(nil, _) = error else { Issue.record("expected a connect failure, got \(error)"); return }
            }

            connection.close()
            #expect(!connection.isHealthy)
            #expect(throws: PostgresError.connectFailed(target: "test server", message: "the connection is closed")) {
                try connection.execute("SELECT 1")
            }
        }
    }

    @Test func aRefusedConnectionIsAConnectFailure() {
        do throws(PostgresError) {
            _ = try PostgresConnection(conninfo: "host=127.0.0.1 port=1 dbname=x user=x connect_timeout=2", target: "nowhere")
            Issue.record("connected to port 1")
        } catch {
            guard case .connectFailed("nowhere", let message) = error else { Issue.record("unexpected \(error)"); return }
            #expect(message.contains("Connection refused") && !message.contains("\n"))
            #expect(error.description.hasPrefix("cannot connect to PostgreSQL at nowhere: "))
        }
    }
}
