import Foundation
import GenetixAdmin
import GenetixCore
import GenetixDatabase
import GenetixNet
import Testing

extension DatabaseIntegrationTests {
    /// A primary and a streaming replica through the admin API: status, metrics, health endpoints, logs, bad input.
    @Suite struct DatabaseNodeTests {
        let http = HTTPClient()

        func get(_ node: TestDatabaseNode, _ path: String) async throws -> HTTPClientResponse {
            try await http.get(node.adminURL + path)
        }

        func post(_ node: TestDatabaseNode, _ action: String, _ body: String) async throws -> HTTPClientResponse {
            var headers = HTTPHeaders()
            headers.add("Authorization", "Bearer \(TestDatabaseNode.token.secret)")
            headers.add("Content-Type", "application/json")
            return try await http.execute(HTTPClientRequest(method: "POST", url: HTTPURL(parsing: node.adminURL + "/admin/v1/actions/" + action),
                                                            headers: headers, body: Array(body.utf8)), timeout: .seconds(30))
        }

        @Test("a replica streams: rows written on the primary appear on it; status, metrics and health endpoints agree")
        func replicaStreams() async throws {
            try await TestCluster.with { cluster in
                let ports = cluster.reservePorts(2)
                let a = try await cluster.start("db-a", ports: ports[0])
                let b = try await cluster.start("db-b", ports: ports[1], replicaOf: ports[0].pg)

                let app = try await a.application()
                try await app.query("CREATE TABLE kits (id int PRIMARY KEY, code text)")
                for i in 1...50 { try await app.query("INSERT INTO kits VALUES ($1, $2)", [String(i), "kit-\(i)"]) }
                await app.close()
                let replicated = await eventually {
                    (try? await b.sql("SELECT count(*) FROM kits").int64()) == 50
                }
                #expect(replicated)
                #expect(try await b.sql("SELECT code FROM kits WHERE id = 37").string() == "kit-37")

                let primaryStatus = try await a.client.status()
                #expect(primaryStatus.kind == .database)
                #expect(primaryStatus.role == "primary")
                #expect(primaryStatus.health.status == .ok)
                let hasClient = await eventually {
                    await a.agent.sampleNow().clients.contains { $0.name == "db_b" && $0.state == "streaming" }
                }
                #expect(hasClient)
                let replicaStatus = try await b.client.status()
                #expect(replicaStatus.role == "replica")
                #expect(replicaStatus.replication?.receiverState == "streaming")
                #expect(replicaStatus.replication?.upstream == "127.0.0.1:\(a.port)")
                #expect(replicaStatus.replication?.timeline == 1)
                #expect(replicaStatus.database?.postmasterUp == true)
                #expect(a.eventTypes.contains("replication.client_connected"))

                #expect(try await get(a, "/primary").status == 200)
                #expect(try await get(b, "/primary").status == 503)
                #expect(try await get(b, "/replica?lag=1048576").status == 200)
                #expect(try await get(a, "/replica").status == 503)
                #expect(try await get(a, "/health").status == 200)
                #expect(try await get(b, "/health").status == 200)

                let prometheus = try await http.get(a.adminURL + "/metrics", headers: ["Authorization": "Bearer \(TestDatabaseNode.token.secret)"]).text
                #expect(prometheus.contains("pg_up 1"))
                #expect(prometheus.contains("pg_replication_lag_bytes"))
                #expect(prometheus.contains("pg_connections{state=\"active\"}"))
                let postgresLines = a.logs.page(after: 0, limit: 5000).entries.filter { $0.source == "postgres" }
                #expect(postgresLines.contains { $0.message.contains("ready to accept connections") && $0.level == .info })

                // Bad input.
                let onPrimary = try await post(a, "promote", "{}")
                #expect(onPrimary.status == 409)
                #expect(onPrimary.text.contains("already a primary"))
                #expect(try await post(b, "explode", "{}").status == 404)
                let malformed = try await post(b, "promote", "{\"force\": ")
                #expect(malformed.status == 400)
                let unknownField = try await post(b, "promote", "{\"forse\": true}")
                #expect(unknownField.status == 400)
                #expect(unknownField.text.contains("forse"))
                #expect(try await post(b, "follow", "{\"primary\": \"nowhere\"}").status == 400)
                #expect(try await post(a, "follow", "{\"primary\": \"127.0.0.1:\(b.port)\"}").status == 409)
                #expect(try await post(b, "sync", "{\"enabled\": true}").status == 409)
            }
        }

        @Test("a replica with replay paused is refused with 409; with force it is promoted")
        func pausedReplica() async throws {
            try await TestCluster.with { cluster in
                let ports = cluster.reservePorts(2)
                let a = try await cluster.start("db-a", ports: ports[0], peers: [PeerAddress(name: "db-b", adminURL: "http://127.0.0.1:\(ports[1].admin)")])
                let b = try await cluster.start("db-b", ports: ports[1], replicaOf: ports[0].pg,
                                                peers: [PeerAddress(name: "db-a", adminURL: a.adminURL)])
                try await b.sql("SELECT pg_wal_replay_pause()", database: "postgres")
                let app = try await a.application()
                try await app.query("CREATE TABLE t (id int)")
                try await app.query("INSERT INTO t SELECT generate_series(1, 1000)")
                await app.close()
                #expect(await eventually { await b.agent.sampleNow().replayPaused })

                let refused = try await post(b, "promote", "{}")
                #expect(refused.status == 409)
                #expect(refused.text.contains("paused"))
                #expect(try await b.client.status().role == "replica")

                let forced = try await post(b, "promote", "{\"force\": true}")
                #expect(forced.status == 200)
                let result = try JSONValue.parse(forced.body)
                #expect(result["promoted"] == .bool(true))
                #expect(result["forced"] == .bool(true))
                #expect(await eventually { await b.agent.sampleNow().role == "primary" })
                #expect(try await get(b, "/primary").status == 200)
                #expect(try await get(a, "/primary").status == 503)
                #expect(b.eventTypes.contains("database.promoted"))
            }
        }
    }
}
