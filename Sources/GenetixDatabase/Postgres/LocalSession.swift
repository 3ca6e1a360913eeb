import GenetixPostgres

/// A reconnecting connection to the local server over the private socket: a query that fails because the
/// connection broke is retried once on a fresh connection.
actor LocalSession {
    private let conninfo: String
    private var connection: AsyncPostgresConnection?

    init(conninfo: String) { self.conninfo = conninfo }

    /// Runs a parameterised statement.
    @discardableResult
    func query(_ sql: String, _ parameters: [String?] = []) async throws(DatabaseError) -> PostgresRows {
        let current = try await open()
        do { return try await current.query(sql, parameters) } catch {
            if await current.isHealthy { throw error }
            await drop()
            return try await open().query(sql, parameters)
        }
    }

    /// The open connection (for calls beyond `query`, like computing a SCRAM verifier).
    func open() async throws(DatabaseError) -> AsyncPostgresConnection {
        if let connection { return connection }
        let fresh = try await AsyncPostgresConnection.connect(conninfo, target: "local postgres")
        connection = fresh
        return fresh
    }

    /// Closes the connection (e.g. before postgres is stopped).
    func drop() async {
        await connection?.close()
        connection = nil
    }
}
