import Foundation
import GenetixAdmin
import GenetixCore
import GenetixDatabase
import Testing

extension DatabaseIntegrationTests {
    /// Destructive actions refuse when unsafe, and rejoin survives a new primary that is briefly unreachable.
    @Suite struct RejoinSafetyTests {
        @Test("rejoin refuses on a node that accepts writes, unfence refuses beside another primary; rejoin retries while the new primary is unreachable for 2 s and keeps the data directory")
        func refusalsAndTransientRejoin() async throws {
            try await TestCluster.with { cluster in
                let ports = cluster.reservePorts(2)
                let aAdmin = "http://127.0.0.1:\(ports[0].admin)", bAdmin = "http://127.0.0.1:\(ports[1].admin)"
                let a = try await cluster.start("db-a", ports: ports[0], peers: [PeerAddress(name: "db-b", adminURL: bAdmin)])
                var b = try await cluster.start("db-b", ports: ports[1], replicaOf: ports[0].pg, peers: [PeerAddress(name: "db-a", adminURL: aAdmin)])
                let setup = try await a.application()
                try await setup.query("CREATE TABLE kept (id int PRIMARY KEY)")
                try await setup.query("INSERT INTO kept SELECT generate_series(1, 100)")
                await setup.close()
                #expect(await eventually { (try? await b.sql("SELECT count(*) FROM kept").int64()) == 100 })
                _ = try await b.client.action("promote", timeout: .seconds(60))

                do {
                    _ = try await b.client.action("rejoin", body: .object(["primary": .string(a.endpoint)]))
                    Issue.record("rejoin on the writable primary was accepted")
                } catch {
                    #expect("\(error)".contains("accepts writes") && "\(error)".contains("force"))
                }
                do {
                    _ = try await a.client.action("unfence")
                    Issue.record("unfence beside another primary was accepted")
                } catch {
                    #expect("\(error)".contains("db-b") && "\(error)".contains("force"))
                }

                // The new primary goes away (agent and postmaster killed) and comes back 2 s later.
                await b.killWithPostmaster()
                let aClient = a.client, bEndpoint = b.endpoint
                let rejoin = Task { try await aClient.action("rejoin", body: .object(["primary": .string(bEndpoint)]), timeout: .seconds(180)) }
                try await Task.sleep(for: .seconds(2))
                b = try await cluster.start("db-b", ports: ports[1], peers: [PeerAddress(name: "db-a", adminURL: aAdmin)])
                let result = try await rejoin.value
                #expect(result["method"] == .string("pg_rewind"))
                #expect(result["movedAside"] == .null)
                #expect(try await a.sql("SELECT count(*) FROM kept").int64() == 100)
                let siblings = try FileManager.default.contentsOfDirectory(atPath: cluster.directory.path)
                #expect(!siblings.contains { $0.contains(".aside-") })
                #expect(a.eventTypes.contains("database.rejoined"))
            }
        }
    }
}
