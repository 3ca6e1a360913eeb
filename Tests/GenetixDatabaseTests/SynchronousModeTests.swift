import Foundation
import GenetixAdmin
import GenetixCore
import GenetixDatabase
import GenetixNet
import GenetixTesting
import Synchronization
import Testing

extension DatabaseIntegrationTests {
    /// Synchronous mode managed from etcd: the leader records its synchronous standby in the `sync` key,
    /// `synchronous_standby_names` names exactly it, and an automatic failover goes only to it — real PostgreSQL 15
    /// servers and a real etcd.
    @Suite struct SynchronousModeTests {
        @Test("sync mode: the recorded standby is synchronous, only it takes over after kill -9 of the primary, and every acknowledged write is on it")
        func failoverGoesToTheRecordedStandby() async throws {
            try await TemporaryEtcd.with { etcd in
                try await TestCluster.with { cluster in
                    let ports = cluster.reservePorts(3)
                    let a = try await cluster.start("db-a", ports: ports[0], dcs: etcd.url)
                    #expect(await eventually(timeout: .seconds(60)) { await a.status()?.replication?.leader == "db-a" })
                    #expect(await eventually(timeout: .seconds(30)) { await a.applicationReady() })
                    let setup = try await a.application()
                    try await setup.query("CREATE TABLE ha_probe (id serial PRIMARY KEY, at timestamptz DEFAULT now())")
                    await setup.close()
                    // db-c joins first and becomes the synchronous standby.
                    let c = try await cluster.start("db-c", ports: ports[2], replicaOf: ports[0].pg, dcs: etcd.url)
                    #expect(await eventually(timeout: .seconds(60)) { await c.status()?.replication?.receiverState == "streaming" })
                    let result = try await a.client.action("sync", body: .object(["enabled": .bool(true)]), timeout: .seconds(30))
                    #expect(result["managedBy"]?.stringValue == "etcd")
                    #expect(await eventually { await a.status()?.ha?.syncStandby == "db-c" }, "db-a never recorded db-c as its synchronous standby")
                    #expect(try await a.sql("SHOW synchronous_standby_names").string() == "FIRST 1 (\"db_c\")")
                    #expect(a.eventTypes.contains("ha.sync_standby"))

                    // db-b joins later. With equal WAL positions it would win an ordinary election (smaller name);
                    // in synchronous mode it must not, and the recorded standby stays db-c while it streams.
                    let b = try await cluster.start("db-b", ports: ports[1], replicaOf: ports[0].pg, dcs: etcd.url)
                    #expect(await eventually(timeout: .seconds(60)) { await b.status()?.replication?.receiverState == "streaming" })
                    try await Task.sleep(for: .seconds(2))
                    #expect(await a.status()?.ha?.syncStandby == "db-c")
                    #expect(await b.status()?.ha?.synchronousMode == true)
                    // Patroni's health endpoints say the same: db-c is the synchronous standby, db-b an asynchronous one,
                    // db-a holds the leader key.
                    let http = HTTPClient(configuration: HTTPClientConfiguration(timeout: .seconds(10)))
                    func probe(_ node: TestDatabaseNode, _ path: String) async -> Int { (try? await http.get(node.adminURL + path).status) ?? 0 }
                    func probes(_ pairs: [(TestDatabaseNode, String)]) async -> [Int] {
                        var answers: [Int] = []
                        for (node, path) in pairs { answers.append(await probe(node, path)) }
                        return answers
                    }
                    let expected = [200, 503, 503, 200]
                    let settled = await eventually { await probes([(c, "/sync"), (c, "/async"), (b, "/sync"), (b, "/async")]) == expected }
                    let seen = await probes([(c, "/sync"), (c, "/async"), (b, "/sync"), (b, "/async")])
                    #expect(settled, "/sync, /async on db-c then db-b: \(seen)")
                    #expect(await probes([(a, "/leader"), (c, "/leader"), (a, "/sync")]) == [200, 503, 503])
                    await http.shutdown()

                    // A writer on db-a records every acknowledged INSERT until db-a is killed.
                    let stop = Atomic(false)
                    let acknowledged = Mutex<[Int64]>([])
                    let aPort = ports[0].pg
                    let writer = Task {
                        guard let connection = try? await AsyncPostgresConnection.connect(
                            "host=127.0.0.1 port=\(aPort) user=genetix dbname=genetix password=\(TestDatabaseNode.appPassword) connect_timeout=2") else { return }
                        while !stop.load(ordering: .relaxed) {
                            guard let id = try? await connection.query("INSERT INTO ha_probe DEFAULT VALUES RETURNING id").int64() else { break }
                            acknowledged.withLock { $0.append(id) }
                        }
                        await connection.close()
                    }
                    #expect(await eventually { acknowledged.withLock { $0.count } >= 50 }, "the writer could not write on db-a")
                    await a.killWithPostmaster()
                    stop.store(true, ordering: .relaxed)
                    await writer.value
                    let acked = acknowledged.withLock { $0 }

                    #expect(await eventually(timeout: .seconds(40)) { await c.acceptsWrites() }, "the synchronous standby never took over")
                    #expect(await !b.acceptsWrites(), "db-b, not the synchronous standby, accepts writes")
                    let recorded = await eventually { await c.status()?.ha?.lastFailover?.contains("automatic failover in synchronous mode") == true }
                    let lastFailover = await c.status()?.ha?.lastFailover ?? ""
                    #expect(recorded, "\(lastFailover)")
                    #expect(!b.eventTypes.contains("ha.leader_acquired"))
                    let list = "{" + acked.map(String.init).joined(separator: ",") + "}"
                    let present = try await c.sql("SELECT count(*) FROM ha_probe WHERE id = ANY($1::int[])", [list]).int64() ?? -1
                    #expect(present == Int64(acked.count), "\(Int64(acked.count) - present) of \(acked.count) acknowledged writes lost")

                    // db-b follows the new leader, which then makes it its synchronous standby.
                    #expect(await eventually(timeout: .seconds(40)) {
                        let s = await b.status()
                        return s?.replication?.receiverState == "streaming" && s?.replication?.upstream == c.endpoint
                    }, "db-b does not stream from the new leader")
                    #expect(await eventually(timeout: .seconds(20)) { await c.status()?.ha?.syncStandby == "db-b" },
                            "the new leader did not record db-b as its synchronous standby")
                    #expect(try await c.sql("SHOW synchronous_standby_names").string() == "FIRST 1 (\"db_b\")")

                    // Sync off: the setting is reset and the key goes.
                    _ = try await c.client.action("sync", body: .object(["enabled": .bool(false)]), timeout: .seconds(30))
                    #expect(await eventually { (try? await c.sql("SHOW synchronous_standby_names").string()) == "" })
                    #expect(await eventually { await c.status()?.ha?.syncStandby == nil })
                }
            }
        }

        @Test("sync mode: when the synchronous standby dies the leader clears the sync key before commits stop waiting, and records it again when it is back")
        func standbyLostAndBack() async throws {
            try await TemporaryEtcd.with { etcd in
                try await TestCluster.with { cluster in
                    let (a, b, ports) = try await HighAvailabilityTests.pair(cluster, etcd)
                    _ = try await a.client.action("sync", body: .object(["enabled": .bool(true)]), timeout: .seconds(30))
                    #expect(await eventually { await a.status()?.ha?.syncStandby == "db-b" })
                    await b.killWithPostmaster()
                    // The leader must narrow the key first (nobody eligible), then reset the setting so commits go on.
                    let cleared = await eventually(timeout: .seconds(30)) {
                        guard await a.status()?.ha?.syncStandby == nil else { return false }
                        return (try? await a.sql("SHOW synchronous_standby_names").string()) == ""
                    }
                    #expect(cleared, "the leader kept db-b as its synchronous standby after it died")
                    if cleared { #expect(await a.acceptsWrites()) }
                    // (the reset's event follows its reload by a moment: wait for it)
                    let ordered = await eventually {
                        let types = a.eventTypes
                        guard let clearedAt = types.lastIndex(of: "ha.sync_standby_cleared"), let resetAt = types.lastIndex(of: "database.sync") else { return false }
                        return clearedAt < resetAt
                    }
                    #expect(ordered, "the key must be narrowed before the setting is reset: \(a.eventTypes)")
                    #expect(await a.status()?.ha?.synchronousMode == true)
                    // db-b back: streaming again, then recorded again.
                    let back = try await cluster.start("db-b", ports: ports[1], dcs: etcd.url)
                    #expect(await eventually(timeout: .seconds(90)) { await back.status()?.replication?.receiverState == "streaming" })
                    #expect(await eventually(timeout: .seconds(20)) { await a.status()?.ha?.syncStandby == "db-b" })
                }
            }
        }

        @Test("strict sync mode: with the only standby stopped a write does not commit (the standby stays recorded); with it back the write commits")
        func strictModeBlocksWithoutStandby() async throws {
            try await TemporaryEtcd.with { etcd in
                try await TestCluster.with { cluster in
                    let (a, b, ports) = try await HighAvailabilityTests.pair(cluster, etcd)
                    let result = try await a.client.action("sync", body: .object(["enabled": .bool(true), "strict": .bool(true)]), timeout: .seconds(30))
                    #expect(result["strict"]?.boolValue == true)
                    #expect(await eventually { await a.status()?.ha?.syncStandby == "db-b" })
                    #expect(await a.status()?.ha?.synchronousModeStrict == true)
                    await b.killWithPostmaster()
                    let committed = Atomic(false)
                    let aPort = ports[0].pg
                    let writer = Task {
                        guard let connection = try? await AsyncPostgresConnection.connect(
                            "host=127.0.0.1 port=\(aPort) user=genetix dbname=genetix password=\(TestDatabaseNode.appPassword) connect_timeout=5") else { return }
                        if (try? await connection.query("INSERT INTO ha_probe DEFAULT VALUES RETURNING id").int64()) != nil {
                            committed.store(true, ordering: .relaxed)
                        }
                        await connection.close()
                    }
                    // Non-strict mode resets synchronous_standby_names within a loop or two once the standby is gone;
                    // strict mode must keep the write waiting however long we look.
                    try await Task.sleep(for: .seconds(10))
                    let committedEarly = committed.load(ordering: .relaxed)
                    #expect(!committedEarly, "a write committed on db-a with no synchronous standby in strict mode")
                    #expect(try await a.sql("SHOW synchronous_standby_names").string() == "FIRST 1 (\"db_b\")")
                    #expect(await a.status()?.ha?.syncStandby == "db-b", "strict mode must keep the standby that has every acknowledged commit recorded")
                    // db-b back: it catches up and the waiting write commits.
                    _ = try await cluster.start("db-b", ports: ports[1], dcs: etcd.url)
                    let committedLater = await eventually(timeout: .seconds(90)) { committed.load(ordering: .relaxed) }
                    #expect(committedLater, "the write never committed after db-b came back")
                    await writer.value
                    #expect(a.eventTypes.contains("ha.sync_mode"))
                }
            }
        }
    }
}
