import Foundation
import GenetixCore
import GenetixDatabase
import Testing

extension DatabaseIntegrationTests {
    /// `/readyz` of a database node: `genetix up` starts a replica once the primary is ready, and the replica clones
    /// with the replication role's password — so ready must mean the roles exist, not only that postgres answers.
    @Suite struct DatabaseReadinessTests {
        @Test("a primary whose postgres answers is not ready until its roles are in place")
        func notReadyBeforeRoles() async throws {
            try await TestCluster.with { cluster in
                let port = cluster.reservePorts(1)[0].pg
                var settings = DatabaseSettings(name: "db-r", dataDirectory: cluster.directory.path + "/db-r")
                settings.port = port
                settings.databasePassword = TestDatabaseNode.appPassword
                settings.replicationPassword = TestDatabaseNode.replicationPassword
                let logs = try LogStore(capacity: 1000)
                let agent = try DatabaseAgent(settings: settings, logs: logs, events: EventStore(log: logs), metrics: MetricsRegistry())
                let node = DatabaseNode(agent: agent)
                do {
                    try await agent.start(waitUntilReady: false)
                    #expect(await eventually { await agent.observation().reachable })
                    #expect(await node.isReady() == false)
                    try await agent.waitUntilReady(timeout: .seconds(60))
                    #expect(await node.isReady())
                } catch {
                    await agent.shutdown()
                    throw error
                }
                await agent.shutdown()
            }
        }
    }
}
