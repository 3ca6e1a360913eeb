import Foundation
import GenetixAdmin
import GenetixCore
import GenetixDatabase
import GenetixTesting
import Synchronization
import Testing

extension DatabaseIntegrationTests {
    /// etcd decides who is primary: failover after kill -9, no writes on a demoted node, switchover, pause, and no
    /// promotion without etcd — real PostgreSQL 15 servers and a real etcd.
    @Suite struct HighAvailabilityTests {
        /// Two nodes on one etcd: db-a (initdb) becomes the leader, db-b clones from it and streams.
        static func pair(_ cluster: TestCluster, _ etcd: TemporaryEtcd) async throws -> (TestDatabaseNode, TestDatabaseNode, [(pg: Int, admin: Int)]) {
            let ports = cluster.reservePorts(2)
            let a = try await cluster.start("db-a", ports: ports[0], dcs: etcd.url)
            #expect(await eventually(timeout: .seconds(60)) { await a.status()?.replication?.leader == "db-a" })
            #expect(await eventually(timeout: .seconds(30)) { await a.applicationReady() })
            let setup = try await a.application()
            try await setup.query("CREATE TABLE ha_probe (id serial PRIMARY KEY, at timestamptz DEFAULT now())")
            try await setup.query("INSERT INTO ha_probe DEFAULT VALUES")
            await setup.close()
            let b = try await cluster.start("db-b", ports: ports[1], replicaOf: ports[0].pg, dcs: etcd.url)
            #expect(await eventually(timeout: .seconds(60)) {
                let s = await b.status()
                return s?.role == "replica" && s?.replication?.receiverState == "streaming" && s?.replication?.leader == "db-a"
            })
            return (a, b, ports)
        }

        @Test("kill -9 of the primary's agent and postmaster: the replica takes the key and accepts writes; the old primary's agent restarts as a replica and no write ever gets through on it")
        func failoverAfterKill() async throws {
            try await TemporaryEtcd.with { etcd in
                try await TestCluster.with { cluster in
                    let (a, b, ports) = try await Self.pair(cluster, etcd)
                    #expect(await a.acceptsWrites())
                    #expect(await !b.acceptsWrites())
                    await a.killWithPostmaster()
                    #expect(await eventually(timeout: .seconds(40)) { await b.acceptsWrites() }, "the replica never accepted writes")
                    #expect(await eventually {
                        let s = await b.status()
                        return s?.role == "primary" && s?.replication?.leader == "db-b" && s?.ha?.lastFailover?.contains("automatic failover") == true
                    })
                    #expect(b.eventTypes.contains("ha.leader_acquired"))
                    #expect(await eventually { b.eventTypes.contains("database.promoted") })

                    // A writer tries db-a's port the whole time its agent restarts and it rejoins.
                    let stop = Atomic(false), writes = Atomic(0), attempts = Atomic(0)
                    let aPort = ports[0].pg
                    let writer = Task {
                        while !stop.load(ordering: .relaxed) {
                            attempts.add(1, ordering: .relaxed)
                            if let c = try? await AsyncPostgresConnection.connect("host=127.0.0.1 port=\(aPort) user=genetix dbname=genetix password=\(TestDatabaseNode.appPassword) connect_timeout=2") {
                                if (try? await c.query("INSERT INTO ha_probe DEFAULT VALUES")) != nil { writes.add(1, ordering: .relaxed) }
                                await c.close()
                            }
                            try? await Task.sleep(for: .milliseconds(20))
                        }
                    }
                    let restarted = try await cluster.start("db-a", ports: ports[0], dcs: etcd.url)
                    let rejoined = await eventually(timeout: .seconds(90)) {
                        let s = await restarted.status()
                        return s?.role == "replica" && s?.replication?.receiverState == "streaming" && s?.replication?.upstream == b.endpoint
                    }
                    stop.store(true, ordering: .relaxed)
                    await writer.value
                    let restartedHA = await restarted.status()?.ha
                    #expect(rejoined, "the old primary did not come back as a streaming replica: \(String(describing: restartedHA))")
                    #expect(writes.load(ordering: .relaxed) == 0, "\(writes.load(ordering: .relaxed)) writes got through on the old primary")
                    #expect(attempts.load(ordering: .relaxed) > 0)
                    // A session cannot undo the demotion.
                    let session = try await restarted.superuser()
                    try await session.query("SET default_transaction_read_only = off")
                    await #expect(throws: (any Error).self) { try await session.query("INSERT INTO ha_probe DEFAULT VALUES") }
                    await session.close()
                    // The row written on the new primary arrives on the old one.
                    let marker = try await b.sql("INSERT INTO ha_probe DEFAULT VALUES RETURNING id").int64() ?? -1
                    #expect(await eventually { (try? await restarted.sql("SELECT count(*) FROM ha_probe WHERE id = $1", [String(marker)]).int64()) == 1 })
                }
            }
        }

        @Test("planned switchover through the leader key: the replica becomes the primary, the old primary streams from it")
        func switchover() async throws {
            try await TemporaryEtcd.with { etcd in
                try await TestCluster.with { cluster in
                    let (a, b, _) = try await Self.pair(cluster, etcd)
                    let result = try await b.client.action("promote", timeout: .seconds(60))
                    #expect(result["promoted"]?.boolValue == true)
                    #expect(await b.acceptsWrites())
                    let streaming = await eventually(timeout: .seconds(30)) {
                        let s = await a.status()
                        return s?.role == "replica" && s?.replication?.receiverState == "streaming" && s?.replication?.upstream == b.endpoint
                    }
                    let aHA = await a.status()?.ha
                    #expect(streaming, "the old primary does not stream from the new one: \(String(describing: aHA))")
                    #expect(await !a.acceptsWrites())
                    #expect(await a.status()?.replication?.leader == "db-b")
                    #expect(a.eventTypes.contains("database.stepped_down"))
                }
            }
        }

        @Test("pause stops automatic failover; resume lets the healthiest replica take over")
        func pauseStopsFailover() async throws {
            try await TemporaryEtcd.with { etcd in
                try await TestCluster.with { cluster in
                    let (a, b, _) = try await Self.pair(cluster, etcd)
                    _ = try await a.client.action("pause")
                    #expect(await eventually { await b.status()?.ha?.mode == "paused" })
                    #expect(await a.status()?.health.status == .degraded)
                    await a.killWithPostmaster()
                    // The lease expires within 5 s; give automatic failover three times that to (not) happen.
                    try await Task.sleep(for: .seconds(15))
                    #expect(await !b.acceptsWrites(), "a replica promoted while the cluster was paused")
                    #expect(await b.status()?.ha?.reason?.contains("paused") == true)
                    _ = try await b.client.action("resume")
                    #expect(await eventually(timeout: .seconds(30)) { await b.acceptsWrites() })
                }
            }
        }

        @Test("etcd stopped: the primary demotes itself within its lease and no node promotes; etcd back: a leader again")
        func noPromotionWithoutEtcd() async throws {
            try await TemporaryEtcd.with { etcd in
                try await TestCluster.with { cluster in
                    let (a, b, _) = try await Self.pair(cluster, etcd)
                    etcd.halt()
                    #expect(await eventually(timeout: .seconds(10)) { await !a.acceptsWrites() }, "the primary kept accepting writes without etcd")
                    #expect(await eventually { a.eventTypes.contains("database.demoted") })
                    try await Task.sleep(for: .seconds(10))
                    #expect(await !a.acceptsWrites())
                    #expect(await !b.acceptsWrites())
                    #expect(await b.status()?.ha?.dcsReachable == false)
                    try await etcd.restart()
                    #expect(await eventually(timeout: .seconds(60)) {
                        if await a.acceptsWrites() { return true }
                        return await b.acceptsWrites()
                    })
                    let writable = [await a.acceptsWrites(), await b.acceptsWrites()].filter { $0 }.count
                    #expect(writable == 1)
                }
            }
        }

        @Test("unfence and rejoin refuse on the leader with a reason and the override; fence steps down only for a recorded switchover")
        func refusals() async throws {
            try await TemporaryEtcd.with { etcd in
                try await TestCluster.with { cluster in
                    let (a, b, _) = try await Self.pair(cluster, etcd)
                    do {
                        _ = try await a.client.action("rejoin", body: .object(["primary": .string(b.endpoint)]))
                        Issue.record("rejoin on the leader was accepted")
                    } catch {
                        #expect("\(error)".contains("leader key"))
                    }
                    do {
                        _ = try await b.client.action("unfence")
                        Issue.record("unfence on a replica without the leader key was accepted")
                    } catch {
                        #expect("\(error)".contains("force"))
                    }
                    do {
                        _ = try await a.client.action("fence")
                        Issue.record("fence without a switchover was accepted")
                    } catch {
                        #expect("\(error)".contains("switchover"))
                    }
                    #expect(await a.acceptsWrites())
                }
            }
        }
    }
}
