import Foundation

extension DatabaseAgent {
    /// On the writable primary: the replication role (SCRAM password, the grants pg_rewind needs), the application
    /// role and its database. Idempotent; statements that take names are built by the server with `format(%I, %L)`
    /// from parameters, and passwords travel as SCRAM verifiers computed client-side.
    func ensureRoles() async throws(DatabaseError) {
        let session = actionSession
        let replicationUser = settings.replicationUser
        try await runFormatted(session, "CREATE ROLE %I WITH REPLICATION LOGIN", [replicationUser],
                               unless: "SELECT 1 FROM pg_roles WHERE rolname = $1", [replicationUser])
        if let password = replicationPassword {
            let verifier = try await session.open().scramVerifier(password: password, user: replicationUser)
            try await runFormatted(session, "ALTER ROLE %I WITH REPLICATION LOGIN PASSWORD %L", [replicationUser, verifier])
        }
        for function in ["pg_ls_dir(text, boolean, boolean)", "pg_stat_file(text, boolean)", "pg_read_binary_file(text)",
                         "pg_read_binary_file(text, bigint, bigint, boolean)"] {
            try await runFormatted(session, "GRANT EXECUTE ON FUNCTION pg_catalog.\(function) TO %I", [replicationUser])
        }
        // pg_rewind reads the source's control file: a just-promoted source must checkpoint first (PostgreSQL 15's
        // pg_checkpoint role lets the replication role do that).
        try await runFormatted(session, "GRANT pg_checkpoint TO %I", [replicationUser])
        let user = settings.databaseUser
        try await runFormatted(session, "CREATE ROLE %I WITH LOGIN", [user], unless: "SELECT 1 FROM pg_roles WHERE rolname = $1", [user])
        if let password = settings.databasePassword {
            let verifier = try await session.open().scramVerifier(password: password, user: user)
            try await runFormatted(session, "ALTER ROLE %I WITH LOGIN PASSWORD %L", [user, verifier])
        } else {
            logger.warn("no --db-password-file: role \(user) has no password and cannot log in over TCP")
        }
        try await runFormatted(session, "CREATE DATABASE %I OWNER %I", [settings.databaseName, user],
                               unless: "SELECT 1 FROM pg_database WHERE datname = $1", [settings.databaseName])
    }

    /// Builds a statement with the server's `format()` from parameters and runs it, unless `unless` returns a row.
    func runFormatted(_ session: LocalSession, _ template: String, _ arguments: [String],
                      unless check: String? = nil, _ checkArguments: [String?] = []) async throws(DatabaseError) {
        if let check, try await !session.query(check, checkArguments).isEmpty { return }
        let placeholders = arguments.indices.map { "$\($0 + 1)::text" }.joined(separator: ", ")
        let built = try await session.query("SELECT format('\(template)', \(placeholders))", arguments)
        guard let statement = built.string() else { return }
        try await session.query(statement)
    }

    /// Runs `CHECKPOINT` on `primary` as the replication role, so its control file shows its current timeline
    /// (pg_rewind compares timelines from the control files).
    func checkpoint(on primary: PeerEndpoint) async throws(DatabaseError) {
        let connection = try await AsyncPostgresConnection.connect(dataDirectory.replicationConninfo(to: primary, database: "postgres"),
                                                        target: "primary \(primary)")
        defer { Task { await connection.close() } }
        try await connection.query("CHECKPOINT")
    }

    /// Creates this node's physical replication slot on `primary` (as the replication role) when it is missing.
    func ensureSlot(on primary: PeerEndpoint) async throws(DatabaseError) {
        let connection = try await AsyncPostgresConnection.connect(dataDirectory.replicationConninfo(to: primary, database: "postgres"),
                                                        target: "primary \(primary)")
        defer { Task { await connection.close() } }
        try await connection.query("""
            SELECT pg_create_physical_replication_slot($1) WHERE NOT EXISTS
              (SELECT 1 FROM pg_replication_slots WHERE slot_name = $1)
            """, [settings.slotName])
    }
}
