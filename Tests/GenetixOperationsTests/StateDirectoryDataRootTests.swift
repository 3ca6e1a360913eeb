import Foundation
import GenetixOperations
import GenetixTesting
import Testing

/// `make up` from a checkout the postgres account cannot enter (a `mktemp -d` folder, mode 0700) puts PostgreSQL's
/// data where that account can reach it and says why; from a reachable folder, data stays in the state directory.
@Suite struct StateDirectoryDataRootTests {
    static let postgres = PostgresReachability.postgresAccount()

    @Test(.enabled(if: postgres != nil, "needs the postgres account (scripts/setup installs postgresql-15)"))
    func aFolderWithMode0700BlocksThePostgresAccount() async throws {
        let account = try #require(Self.postgres)
        try await TemporaryDirectory.with(prefix: "reach") { dir in
            let checkout = dir.file("closed/checkout")
            try FileManager.default.createDirectory(atPath: checkout, withIntermediateDirectories: true)
            chmod(dir.file("closed"), 0o700)
            let blocked = PostgresReachability.firstBlockingFolder(above: checkout + "/.genetix", account: account)
            #expect(blocked?.folder == dir.file("closed"))
            #expect(blocked?.mode == 0o700)
            chmod(dir.file("closed"), 0o711)
            chmod(dir.path, 0o711)
            #expect(PostgresReachability.firstBlockingFolder(above: checkout + "/.genetix", account: account) == nil)
        }
    }

    @Test(.enabled(if: postgres != nil && geteuid() == 0, "runs as root, as CI does"))
    func asRootTheDataGoesWhereThePostgresAccountCanReachIt() async throws {
        try await TemporaryDirectory.with(prefix: "reach") { dir in
            chmod(dir.path, 0o711)
            let closed = dir.file("closed")
            try FileManager.default.createDirectory(atPath: closed + "/checkout", withIntermediateDirectories: true)
            chmod(closed, 0o700)
            let state = StateDirectory(path: closed + "/checkout/.genetix")
            #expect(state.dataRoot.hasPrefix(StateDirectory.sharedDataFolder + "/checkout-"))
            #expect(state.dataDirectory("db-1") == state.dataRoot + "/db-1")
            #expect(state.dataRootReason?.contains(closed) == true)
            #expect(state.dataRootReason?.contains("0700") == true)
            // The same path always maps to the same folder, so a restarted cluster finds its data.
            #expect(StateDirectory(path: closed + "/checkout/.genetix").dataRoot == state.dataRoot)

            let open = StateDirectory(path: dir.file("open/.genetix"))
            #expect(open.dataRoot == dir.file("open/.genetix/data"))
            #expect(open.dataRootReason == nil)

            // A state directory that is itself 0700 (a `mktemp -d` given as --state-dir) keeps its data inside:
            // `prepare()` makes it searchable.
            let own = dir.file("own-state")
            try FileManager.default.createDirectory(atPath: own, withIntermediateDirectories: true)
            chmod(own, 0o700)
            let state0700 = StateDirectory(path: own)
            #expect(state0700.dataRoot == own + "/data")
            #expect(state0700.dataRootReason == nil)
        }
    }
}
