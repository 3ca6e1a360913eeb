import Foundation
import GenetixDatabase
import Glibc
import Testing

extension DatabaseIntegrationTests {
    /// The agent's supervision of postgres.
    @Suite struct PostgresProcessTests {
        @Test("kill -9 of postgres: the agent restarts it and emits postgres.crashed and postgres.restarted")
        func restartsKilledPostgres() async throws {
            try await TestCluster.with { cluster in
                let ports = cluster.reservePorts(1)
                let a = try await cluster.start("db-a", ports: ports[0])
                let app = try await a.application()
                try await app.query("CREATE TABLE kept (id int)")
                try await app.query("INSERT INTO kept VALUES (7)")
                await app.close()
                let first = try #require(await a.agent.postmasterPID())
                #expect(kill(first, SIGKILL) == 0)
                #expect(await eventually(timeout: .seconds(30)) {
                    guard let pid = await a.agent.postmasterPID(), pid != first else { return false }
                    return (try? await a.sql("SELECT id FROM kept").int64()) == 7
                })
                #expect(a.eventTypes.contains("postgres.crashed"))
                #expect(a.eventTypes.contains("postgres.restarted"))
                #expect(await a.agent.restartCount() >= 1)
                // Status reports the monitor's last observation, taken on its own tick: wait for the next one.
                #expect(await eventually(timeout: .seconds(10)) {
                    (try? await a.client.status().database?.postmasterUp) == true
                })
            }
        }
    }
}
