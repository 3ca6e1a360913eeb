@testable import GenetixDatabase
import GenetixCore
import GenetixTesting
import Testing

/// Parsers and small value types, no server needed.
@Suite struct DatabaseParsingTests {
    @Test("WAL positions parse, order and print like PostgreSQL")
    func walPositions() throws {
        let a = try #require(WALPosition("0/3000148"))
        let b = try #require(WALPosition("1/0"))
        #expect(a < b)
        #expect(b.bytes(after: a) == 0x1_0000_0000 - 0x300_0148)
        #expect(a.bytes(after: b) == 0)
        #expect(a.description == "0/3000148")
        #expect(WALPosition("3000148") == nil)
        #expect(WALPosition("G/0") == nil)
    }

    @Test("postgres log lines map to our levels; detail lines have no level of their own")
    func logLines() {
        let line = PostgresLogLine("2026-11-26 19:00:48.772 UTC [1073] WARNING:  could not flush dirty data")
        #expect(line.pid == "1073")
        #expect(line.severity == "WARNING")
        #expect(line.message == "could not flush dirty data")
        #expect(PostgresLogLine.level(for: "LOG") == .info)
        #expect(PostgresLogLine.level(for: "WARNING") == .warn)
        #expect(PostgresLogLine.level(for: "ERROR") == .error)
        #expect(PostgresLogLine.level(for: "FATAL") == .critical)
        #expect(PostgresLogLine.level(for: "PANIC") == .critical)
        #expect(PostgresLogLine.level(for: "DETAIL") == nil)
        let continuation = PostgresLogLine("\tSELECT 1")
        #expect(continuation.severity == nil)
        #expect(continuation.message == "SELECT 1")
    }

    @Test("postgresql.auto.conf round-trips, with quotes escaped")
    func autoConf() async throws {
        try await TemporaryDirectory.with { dir in
            let path = dir.file("postgresql.auto.conf")
            var conf = AutoConfFile(path: path)
            conf.set("primary_conninfo", "host=h user='x'")
            conf.set("wal_level", "replica")
            conf.set("wal_level", "logical")
            try conf.write(account: try SystemAccount.forPostgres())
            var reread = AutoConfFile(path: path)
            #expect(reread.value("primary_conninfo") == "host=h user='x'")
            #expect(reread.value("wal_level") == "logical")
            reread.remove("wal_level")
            #expect(reread.value("wal_level") == nil)
        }
    }

    @Test("peers and endpoints parse; bad ones are refused with the text named")
    func peers() throws {
        let peer = try PeerAddress(parsing: "db-2=http://127.0.0.1:9302/")
        #expect(peer.name == "db-2")
        #expect(peer.adminURL == "http://127.0.0.1:9302")
        #expect(throws: DatabaseError.self) { try PeerAddress(parsing: "db-2") }
        #expect(throws: DatabaseError.self) { try PeerAddress(parsing: "db-2=ftp://x") }
        let endpoint = try PeerEndpoint(parsing: "127.0.0.1:5433")
        #expect(endpoint.port == 5433)
        #expect(throws: DatabaseError.self) { try PeerEndpoint(parsing: "nowhere") }
        #expect(DatabaseSettings(name: "DB-1.x", dataDirectory: "/d").slotName == "db_1_x")
        var bad = DatabaseSettings(name: "db", dataDirectory: "/d")
        bad.databaseUser = "robert'); drop"
        #expect(throws: DatabaseError.self) { try bad.validate() }
    }
}
