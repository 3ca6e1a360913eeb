import Foundation
import GenetixAdmin
import GenetixCore
import GenetixDatabase
import Synchronization
import Testing

extension DatabaseIntegrationTests {
    /// Planned switchovers, following and rejoining, on real servers.
    @Suite struct SwitchoverTests {
        /// A write that a node acknowledged, with when it was sent and answered.
        struct ProbeWrite: Sendable {
            let node: String
            let started: Date
            let finished: Date
        }

        /// What the write loop and the prober share.
        final class LoopState: Sendable {
            let stop = Atomic(false)
            let acknowledged = Mutex<[Int]>([])
            let probes = Mutex<[ProbeWrite]>([])
        }

        @Test("switchover under a write loop: every acknowledged id survives and the two nodes never both accept writes")
        func switchoverUnderWriteLoop() async throws {
            try await TestCluster.with { cluster in
                let ports = cluster.reservePorts(2)
                let a = try await cluster.start("db-a", ports: ports[0], peers: [PeerAddress(name: "db-b", adminURL: "http://127.0.0.1:\(ports[1].admin)")])
                let b = try await cluster.start("db-b", ports: ports[1], replicaOf: ports[0].pg, peers: [PeerAddress(name: "db-a", adminURL: a.adminURL)])
                let setup = try await a.application()
                try await setup.query("CREATE TABLE acks (id int PRIMARY KEY)")
                try await setup.query("CREATE TABLE probes (node text, at timestamptz DEFAULT now())")
                await setup.close()
                #expect(await eventually { (try? await b.sql("SELECT count(*) FROM probes").int64()) == 0 })

                let state = LoopState()
                let multiHost = "host=127.0.0.1,127.0.0.1 port=\(a.port),\(b.port) user=genetix dbname=genetix "
                    + "password=\(TestDatabaseNode.appPassword) target_session_attrs=read-write connect_timeout=2"

                let aPort = a.port, bPort = b.port
                let writer = Task {
                    var connection: AsyncPostgresConnection?
                    var next = 1
                    while !state.stop.load(ordering: .relaxed) {
                        do {
                            if connection == nil { connection = try await AsyncPostgresConnection.connect(multiHost) }
                            try await connection!.query("INSERT INTO acks VALUES ($1)", [String(next)])
                            state.acknowledged.withLock { $0.append(next) }
                            next += 1
                        } catch {
                            if let c = connection { await c.close() }
                            connection = nil
                            next += 1
                            try? await Task.sleep(for: .milliseconds(10))
                        }
                    }
                    if let c = connection { await c.close() }
                }
                let prober = Task {
                    var connections: [String: AsyncPostgresConnection] = [:]
                    let targets = [("db-a", aPort), ("db-b", bPort)]
                    while !state.stop.load(ordering: .relaxed) {
                        for (name, port) in targets {
                            let started = Date()
                            do {
                                if connections[name] == nil {
                                    connections[name] = try await AsyncPostgresConnection.connect(
                                        "host=127.0.0.1 port=\(port) user=genetix dbname=genetix password=\(TestDatabaseNode.appPassword) connect_timeout=2")
                                }
                                try await connections[name]!.query("INSERT INTO probes (node) VALUES ($1)", [name])
                                state.probes.withLock { $0.append(ProbeWrite(node: name, started: started, finished: Date())) }
                            } catch {
                                await connections[name]?.close()
                                connections[name] = nil
                            }
                        }
                        try? await Task.sleep(for: .milliseconds(5))
                    }
                    for connection in connections.values { await connection.close() }
                }

                try await Task.sleep(for: .milliseconds(800))
                let result = try await b.client.action("promote", body: .object([:]))
                #expect(result["promoted"] == .bool(true))
                #expect(result["fenced"] == .string("db-a"))
                #expect(result["steps"]?["fence"] != nil)
                try await Task.sleep(for: .milliseconds(800))
                state.stop.store(true, ordering: .relaxed)
                await writer.value
                await prober.value

                let acked = state.acknowledged.withLock { $0 }
                let written = state.probes.withLock { $0 }
                let aWrites = written.filter { $0.node == "db-a" }
                let bWrites = written.filter { $0.node == "db-b" }
                #expect(acked.count > 20)
                #expect(!aWrites.isEmpty)
                #expect(!bWrites.isEmpty)
                let lastOnA = try #require(aWrites.map(\.finished).max())
                let firstOnB = try #require(bWrites.map(\.started).min())
                #expect(lastOnA < firstOnB, "db-a acknowledged a write at \(lastOnA), after db-b started accepting at \(firstOnB)")

                let present = try await b.sql("SELECT id FROM acks")
                let ids = Set((0..<present.count).compactMap { present.int64($0, 0) }.map(Int.init))
                let missing = acked.filter { !ids.contains($0) }
                #expect(missing.isEmpty, "acknowledged ids missing on the new primary: \(missing.prefix(20))")
                #expect(await eventually(timeout: .seconds(10)) { (try? await b.client.status().role) == "primary" })
                // Status reports the monitor's latest sample (taken every second), so the fence shows within a few.
                var fencedSeen = false
                for _ in 0..<50 where !fencedSeen {
                    fencedSeen = try await a.client.status().replication?.fenced == true
                    if !fencedSeen { try await Task.sleep(for: .milliseconds(100)) }
                }
                #expect(fencedSeen, "db-a's status never reported fenced after the switchover")
            }
        }

        @Test("three nodes: promote B, C follows B without a restart, A rejoins B through pg_rewind and loses its cut-off write")
        func followAndRejoin() async throws {
            try await TestCluster.with { cluster in
                let ports = cluster.reservePorts(3)
                let urls = ports.map { "http://127.0.0.1:\($0.admin)" }
                let a = try await cluster.start("db-a", ports: ports[0], peers: [PeerAddress(name: "db-b", adminURL: urls[1]), PeerAddress(name: "db-c", adminURL: urls[2])])
                let b = try await cluster.start("db-b", ports: ports[1], replicaOf: ports[0].pg,
                                                peers: [PeerAddress(name: "db-a", adminURL: urls[0]), PeerAddress(name: "db-c", adminURL: urls[2])])
                let c = try await cluster.start("db-c", ports: ports[2], replicaOf: ports[0].pg,
                                                peers: [PeerAddress(name: "db-a", adminURL: urls[0]), PeerAddress(name: "db-b", adminURL: urls[1])])
                let app = try await a.application()
                try await app.query("CREATE TABLE notes (id text PRIMARY KEY)")
                try await app.query("INSERT INTO notes VALUES ('before')")
                await app.close()
                #expect(await eventually { (try? await c.sql("SELECT count(*) FROM notes").int64()) == 1 })

                let promoted = try await b.client.action("promote", body: .object([:]))
                #expect(promoted["fenced"] == .string("db-a"))

                let pidBefore = await c.agent.postmasterPID()
                let startBefore = try await c.sql("SELECT pg_postmaster_start_time()::text").string()
                let followed = try await c.client.action("follow", body: .object(["primary": .string(b.endpoint)]))
                #expect(followed["restarted"] == .bool(false))
                #expect(await c.agent.postmasterPID() == pidBefore)
                #expect(try await c.sql("SELECT pg_postmaster_start_time()::text").string() == startBefore)

                let onB = try await b.application()
                try await onB.query("INSERT INTO notes VALUES ('after-promote')")
                await onB.close()
                #expect(await eventually { (try? await c.sql("SELECT count(*) FROM notes WHERE id = 'after-promote'").int64()) == 1 })
                _ = await c.agent.sampleNow()
                let cStatus = try await c.client.status()
                #expect(cStatus.replication?.upstream == b.endpoint)
                #expect(cStatus.replication?.timeline == 2)

                // A was cut off (fenced); a superuser can still force a write in: it must not survive the rejoin.
                let forced = try await a.superuser()
                try await forced.query("BEGIN READ WRITE")
                try await forced.query("INSERT INTO notes VALUES ('lost-on-a')")
                try await forced.query("COMMIT")
                await forced.close()

                let rejoined = try await a.client.action("rejoin", body: .object(["primary": .string(b.endpoint)]), timeout: .seconds(120))
                #expect(rejoined["method"] == .string("pg_rewind"))
                #expect(await eventually { (try? await a.sql("SELECT count(*) FROM notes WHERE id = 'after-promote'").int64()) == 1 })
                #expect(try await a.sql("SELECT count(*) FROM notes WHERE id = 'lost-on-a'").int64() == 0)
                #expect(try await a.sql("SELECT count(*) FROM notes WHERE id = 'before'").int64() == 1)
                // The row above proves WAL arrived; the receiver reports `streaming` once its state settles.
                #expect(await eventually {
                    _ = await a.agent.sampleNow()
                    return (try? await a.client.status())?.replication?.receiverState == "streaming"
                })
                let aStatus = try await a.client.status()
                #expect(aStatus.role == "replica")
                #expect(aStatus.replication?.fenced == false)
                #expect(await eventually { await b.agent.sampleNow().clients.map(\.name).sorted() == ["db_a", "db_c"] })
            }
        }
    }
}
