import GenetixPostgres

/// Versioned, idempotent schema migrations recorded in `schema_migrations`.
///
/// Run once by the supervisor (`genetix app`) before it starts workers. All pending steps run in one transaction
/// under a transaction-level advisory lock, so two app nodes starting together apply each step exactly once.
public enum SchemaMigrator {
    /// One schema step.
    public struct Migration: Sendable {
        public let version: Int
        public let summary: String
        public let statements: [String]
    }

    /// The lock key shared by every node that migrates this schema ("genetix" in ASCII).
    static let advisoryLockKey = "7450044565626712184"

    /// Every migration, in version order. Never edit a released step: add a new one.
    public static let migrations: [Migration] = [
        Migration(version: 1, summary: "customers, sessions and kits", statements: [
            """
            CREATE TABLE customers (
                id bigserial PRIMARY KEY,
                email text NOT NULL UNIQUE,
                password_hash text NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now())
            """,
            """
            CREATE TABLE sessions (
                token_hash bytea PRIMARY KEY,
                customer_id bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
                created_at timestamptz NOT NULL DEFAULT now(),
                expires_at timestamptz NOT NULL)
            """,
            "CREATE INDEX sessions_customer ON sessions (customer_id)",
            """
            CREATE TABLE kits (
                id bigserial PRIMARY KEY,
                customer_id bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
                code_index bytea NOT NULL UNIQUE,
                code_sealed bytea NOT NULL,
                registered_at timestamptz NOT NULL DEFAULT now())
            """,
            "CREATE INDEX kits_customer ON kits (customer_id)",
        ]),
    ]

    /// Applies the pending migrations and returns the versions applied now (empty when the schema is current).
    public static func migrate(_ pool: PostgresPool, timeout: Duration = .seconds(30)) async throws(PostgresError) -> [Int] {
        try await pool.withConnection(timeout: timeout) { connection throws(PostgresError) in
            _ = try connection.execute("BEGIN")
            do throws(PostgresError) {
                _ = try connection.execute("SELECT pg_advisory_xact_lock($1::bigint)", [advisoryLockKey])
                _ = try connection.execute("""
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version integer PRIMARY KEY,
                        summary text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now())
                    """)
                let done = Set(try connection.execute("SELECT version FROM schema_migrations").rows.compactMap { $0[0].flatMap(Int.init) })
                var applied: [Int] = []
                for migration in migrations where !done.contains(migration.version) {
                    for statement in migration.statements { _ = try connection.execute(statement) }
                    _ = try connection.execute("INSERT INTO schema_migrations (version, summary) VALUES ($1, $2)",
                                               [String(migration.version), migration.summary])
                    applied.append(migration.version)
                }
                _ = try connection.execute("COMMIT")
                return applied
            } catch {
                _ = try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }
}
