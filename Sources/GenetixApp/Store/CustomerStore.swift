import GenetixCrypto
import GenetixPostgres

/// A customer row.
public struct CustomerRecord: Sendable, Equatable {
    public var id: Int64
    public var email: String
    public var createdAt: String
}

/// A kit row: the registration code stays sealed (AES-256-GCM) and is found by its blind index.
public struct KitRecord: Sendable, Equatable {
    public var id: Int64
    public var codeIndex: [UInt8]
    public var codeSealed: [UInt8]
    public var registeredAt: String
}

/// A session row, without its token (only the token's SHA-256 is stored).
public struct SessionRecord: Sendable, Equatable {
    public var createdAt: String
    public var expiresAt: String
}

/// Every statement the webapp runs, parameterised; writes go to `primary`, customer reads to `reader` (a
/// `prefer-standby` pool when `--read-db` is given, else the primary pool).
public struct CustomerStore: Sendable {
    public let primary: PostgresPool
    public let reader: PostgresPool

    public init(primary: PostgresPool, reader: PostgresPool? = nil) {
        self.primary = primary
        self.reader = reader ?? primary
    }

    /// Creates a customer and returns its id; a taken email fails with a unique violation (SQLSTATE 23505).
    public func createCustomer(email: String, passwordHash: String) async throws(PostgresError) -> Int64 {
        let rows = try await primary.query("INSERT INTO customers (email, password_hash) VALUES ($1, $2) RETURNING id",
                                           [email, passwordHash])
        return Int64(rows.value("id") ?? "") ?? 0
    }

    /// The id and password hash of the customer with `email`, if there is one.
    public func credentials(email: String) async throws(PostgresError) -> (id: Int64, passwordHash: String)? {
        let rows = try await primary.query("SELECT id, password_hash FROM customers WHERE email = $1", [email])
        guard let id = rows.value("id").flatMap({ Int64($0) }), let hash = rows.value("password_hash") else { return nil }
        return (id, hash)
    }

    /// Stores a session by the SHA-256 of its token, valid for `ttlSeconds`.
    public func createSession(tokenHash: [UInt8], customerId: Int64, ttlSeconds: Int) async throws(PostgresError) {
        _ = try await primary.query("""
            INSERT INTO sessions (token_hash, customer_id, expires_at)
            VALUES ($1, $2, now() + make_interval(secs => $3))
            """, [Self.bytea(tokenHash), String(customerId), String(ttlSeconds)])
    }

    /// The customer a live session token hash belongs to.
    public func customerForSession(tokenHash: [UInt8]) async throws(PostgresError) -> Int64? {
        let rows = try await primary.query("SELECT customer_id FROM sessions WHERE token_hash = $1 AND expires_at > now()",
                                           [Self.bytea(tokenHash)])
        return rows.value("customer_id").flatMap { Int64($0) }
    }

    /// Ends a session.
    public func deleteSession(tokenHash: [UInt8]) async throws(PostgresError) {
        _ = try await primary.query("DELETE FROM sessions WHERE token_hash = $1", [Self.bytea(tokenHash)])
    }

    /// Registers a kit; a code already registered (by anyone) fails with a unique violation.
    public func registerKit(customerId: Int64, codeIndex: [UInt8], codeSealed: [UInt8]) async throws(PostgresError) -> KitRecord {
        let rows = try await primary.query("""
            INSERT INTO kits (customer_id, code_index, code_sealed) VALUES ($1, $2, $3)
            RETURNING id, code_index, code_sealed, registered_at
            """, [String(customerId), Self.bytea(codeIndex), Self.bytea(codeSealed)])
        return try Self.kits(rows).first.orUnavailable()
    }

    /// The customer's kits, oldest first.
    public func kits(customerId: Int64) async throws(PostgresError) -> [KitRecord] {
        Self.kits(try await reader.query("""
            SELECT id, code_index, code_sealed, registered_at FROM kits WHERE customer_id = $1 ORDER BY id
            """, [String(customerId)]))
    }

    /// One kit of the customer, nil when it does not exist or belongs to someone else.
    public func kit(id: Int64, customerId: Int64) async throws(PostgresError) -> KitRecord? {
        Self.kits(try await reader.query("""
            SELECT id, code_index, code_sealed, registered_at FROM kits WHERE id = $1 AND customer_id = $2
            """, [String(id), String(customerId)])).first
    }

    /// The customer row.
    public func customer(id: Int64) async throws(PostgresError) -> CustomerRecord? {
        let rows = try await reader.query("SELECT id, email, created_at FROM customers WHERE id = $1", [String(id)])
        guard let email = rows.value("email"), let created = rows.value("created_at") else { return nil }
        return CustomerRecord(id: id, email: email, createdAt: created)
    }

    /// The customer's sessions (for the GDPR export).
    public func sessions(customerId: Int64) async throws(PostgresError) -> [SessionRecord] {
        let rows = try await reader.query("SELECT created_at, expires_at FROM sessions WHERE customer_id = $1 ORDER BY created_at",
                                          [String(customerId)])
        return rows.rows.indices.map { SessionRecord(createdAt: rows.value("created_at", row: $0) ?? "",
                                                     expiresAt: rows.value("expires_at", row: $0) ?? "") }
    }

    /// Erases the customer; its sessions and kits go with it (ON DELETE CASCADE). Returns whether a row was deleted.
    public func erase(customerId: Int64) async throws(PostgresError) -> Bool {
        try await primary.query("DELETE FROM customers WHERE id = $1", [String(customerId)]).affected == 1
    }

    /// Whether the primary answers a trivial query within 1 s.
    public func isReachable() async -> Bool {
        (try? await primary.query("SELECT 1", timeout: .seconds(1))) != nil
    }

    /// A bytea parameter in PostgreSQL's hex input form.
    static func bytea(_ bytes: [UInt8]) -> String { "\\x" + Hex.encode(bytes) }

    /// Decodes a bytea value in hex output form (`\x…`).
    static func bytes(_ text: String?) -> [UInt8] {
        guard let text, text.hasPrefix("\\x") else { return [] }
        return (try? Hex.decode(String(text.dropFirst(2)))) ?? []
    }

    private static func kits(_ rows: PostgresRows) -> [KitRecord] {
        rows.rows.indices.map { i in
            KitRecord(id: Int64(rows.value("id", row: i) ?? "") ?? 0,
                      codeIndex: bytes(rows.value("code_index", row: i)),
                      codeSealed: bytes(rows.value("code_sealed", row: i)),
                      registeredAt: rows.value("registered_at", row: i) ?? "")
        }
    }
}

extension Optional where Wrapped == KitRecord {
    fileprivate func orUnavailable() throws(PostgresError) -> KitRecord {
        guard let self else { throw .statementFailed(sql: "INSERT … RETURNING", sqlState: "XX000", message: "the statement returned no row") }
        return self
    }
}
