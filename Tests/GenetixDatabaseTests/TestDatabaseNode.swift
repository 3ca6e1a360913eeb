import Foundation
import GenetixAdmin
import GenetixCore
import GenetixDatabase
import GenetixNet
import GenetixPostgres
import Synchronization

/// A real database agent (real PostgreSQL) with its real admin server on 127.0.0.1, inside the test process.
final class TestDatabaseNode: Sendable {
    static let token = AdminToken(name: "ops", role: .operator, secret: "operator-secret-0123456789")
    static let appPassword = "app-secret-42"
    static let replicationPassword = "replication-secret-42"

    let name: String
    let port: Int
    let adminPort: Int
    let agent: DatabaseAgent
    let server: AdminServer
    let logs: LogStore
    let events: EventStore
    let metrics: MetricsRegistry
    let group: EventLoopGroup
    let client: AdminClient
    /// Set by `abandon()`: the agent was "killed" and must not be stopped again.
    private let abandoned = Atomic(false)

    /// Starts a node whose data directory is `directory/name`; a replica when `replicaOf` is given.
    init(name: String, directory: String, port: Int, adminPort: Int, replicaOf: Int? = nil,
         peers: [PeerAddress] = [], dcs: String? = nil, scope: String = "test") async throws {
        self.name = name
        self.port = port
        self.adminPort = adminPort
        var settings = DatabaseSettings(name: name, dataDirectory: directory + "/" + name)
        settings.port = port
        settings.replicaOf = replicaOf.map { PeerEndpoint(host: "127.0.0.1", port: $0) }
        settings.databasePassword = Self.appPassword
        settings.replicationPassword = Self.replicationPassword
        settings.peers = peers
        settings.peerToken = Self.token.secret
        if let dcs {
            var ha = HASettings(endpoints: [dcs])
            ha.scope = scope
            ha.adminURL = "http://127.0.0.1:\(adminPort)"
            settings.ha = ha
        }
        logs = try LogStore(capacity: 5000, mirrorToStderr: ProcessInfo.processInfo.environment["GENETIX_TEST_LOG"] != nil)
        events = EventStore(log: logs)
        metrics = MetricsRegistry()
        agent = try DatabaseAgent(settings: settings, logs: logs, events: events, metrics: metrics)
        group = try EventLoopGroup(count: 1, name: name)
        let config = AdminServerConfiguration(name: name, kind: .database, listen: SocketAddress(host: "127.0.0.1", port: adminPort),
                                              tokens: [Self.token])
        do {
            try await agent.start()
            server = try AdminServer(configuration: config, node: DatabaseNode(agent: agent), logs: logs, events: events,
                                     metrics: metrics, group: group)
        } catch {
            await agent.shutdown()
            group.shutdown()
            throw error
        }
        client = try AdminClient(url: "http://127.0.0.1:\(adminPort)", token: Self.token.secret, nodeName: name, timeout: .seconds(10))
    }

    var adminURL: String { "http://127.0.0.1:\(adminPort)" }
    var endpoint: String { "127.0.0.1:\(port)" }

    /// Stops the admin server, the agent and postgres.
    func stop() async {
        guard !abandoned.load(ordering: .relaxed) else { return }
        await server.shutdown(grace: .milliseconds(100))
        await agent.shutdown()
        group.shutdown()
    }

    /// What `kill -9` of the agent and its postmaster together does: the agent stops renewing its lease and serving
    /// (nothing is revoked or shut down cleanly) and the postmaster gets SIGKILL.
    func killWithPostmaster() async {
        abandoned.store(true, ordering: .relaxed)
        let pid = await agent.postmasterPID()
        await agent.abandonForTesting()
        if let pid {
            kill(pid, SIGKILL)
            // The postmaster is this process's child: reap it, as init would once its real parent had died too
            // (a zombie would keep its pid "alive" and block the next postmaster on the same data directory).
            for _ in 0..<200 {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) != 0 { break }
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
        await server.shutdown(grace: .milliseconds(0))
        group.shutdown()
    }

    /// The node's status through its admin API.
    func status() async -> NodeStatus? { try? await client.status() }

    /// Whether an INSERT as the application role succeeds on this node now.
    func acceptsWrites() async -> Bool {
        guard let connection = try? await application() else { return false }
        defer { Task { await connection.close() } }
        return (try? await connection.query("INSERT INTO ha_probe VALUES (default)")) != nil
    }

    /// A superuser connection over the node's private socket.
    func superuser(database: String = "genetix") async throws -> AsyncPostgresConnection {
        try await AsyncPostgresConnection.connect(agent.paths.localConninfo(port: port, database: database, applicationName: "test"))
    }

    /// Runs one statement as the superuser on `database`.
    @discardableResult
    func sql(_ statement: String, _ parameters: [String?] = [], database: String = "genetix") async throws -> PostgresRows {
        let connection = try await superuser(database: database)
        defer { Task { await connection.close() } }
        return try await connection.query(statement, parameters)
    }

    /// Whether the application role can log in yet (a new leader creates it just after it promotes).
    func applicationReady() async -> Bool {
        guard let connection = try? await application() else { return false }
        await connection.close()
        return true
    }

    /// A connection as the application role over TCP with its SCRAM password.
    func application() async throws -> AsyncPostgresConnection {
        try await AsyncPostgresConnection.connect("host=127.0.0.1 port=\(port) user=genetix dbname=genetix password=\(Self.appPassword) connect_timeout=3")
    }

    /// The events emitted so far.
    var eventTypes: [String] { events.page(after: 0, limit: 10_000).events.map(\.type) }
}
