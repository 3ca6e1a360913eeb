import Foundation
import GenetixConsensus
import GenetixTesting
import Testing

/// The etcd client against a real etcd (Debian's etcd-server) on ephemeral ports.
@Suite(.serialized) struct EtcdClientTests {
    @Test("put, get, prefix range and delete round-trip keys and values")
    func keyValues() async throws {
        try await TemporaryEtcd.with { etcd in
            let client = try EtcdClient(endpoints: [etcd.url])
            try await client.put("/genetix/a/members/x", "{\"n\":1}")
            try await client.put("/genetix/a/members/y", "two")
            try await client.put("/genetix/b/members/z", "other cluster")
            #expect(try await client.get("/genetix/a/members/x")?.text == "{\"n\":1}")
            #expect(try await client.get("/genetix/a/missing") == nil)
            let members = try await client.range("/genetix/a/members/", prefix: true)
            #expect(members.map(\.key) == ["/genetix/a/members/x", "/genetix/a/members/y"])
            #expect(try await client.delete("/genetix/a/", prefix: true) == 2)
            #expect(try await client.range("/genetix/", prefix: true).map(\.key) == ["/genetix/b/members/z"])
            await client.close()
        }
    }

    @Test("create is a compare-and-swap: only the first of two creators wins; a transaction on a value")
    func compareAndSwap() async throws {
        try await TemporaryEtcd.with { etcd in
            let client = try EtcdClient(endpoints: [etcd.url])
            let lease = try await client.grantLease(ttl: 30)
            #expect(try await client.create("/c/leader", "n1", lease: lease))
            #expect(try await !client.create("/c/leader", "n2", lease: lease))
            #expect(try await client.get("/c/leader")?.text == "n1")
            #expect(try await client.get("/c/leader")?.lease == lease)
            let swapped = try await client.transaction(if: [.value("/c/leader", equals: "n1")],
                                                       then: [.put(key: "/c/leader", value: "n3", lease: lease)])
            #expect(swapped.succeeded)
            let refused = try await client.transaction(if: [.value("/c/leader", equals: "n1")], then: [.delete(key: "/c/leader")],
                                                       else: [.range(key: "/c/leader")])
            #expect(!refused.succeeded)
            #expect(refused.ranges.first?.first?.text == "n3")
            await client.close()
        }
    }

    @Test("a lease kept alive keeps its key; revoked or left to expire, the key is gone and keepAlive says so")
    func leases() async throws {
        try await TemporaryEtcd.with { etcd in
            let client = try EtcdClient(endpoints: [etcd.url])
            let kept = try await client.grantLease(ttl: 2)
            let dropped = try await client.grantLease(ttl: 2)
            #expect(try await client.create("/l/kept", "k", lease: kept))
            #expect(try await client.create("/l/dropped", "d", lease: dropped))
            for _ in 0..<8 {
                #expect(try await client.keepAlive(kept) == 2)
                try await Task.sleep(for: .milliseconds(500))
            }
            #expect(try await client.get("/l/kept") != nil)
            #expect(try await client.get("/l/dropped") == nil)
            await #expect(throws: EtcdError.leaseExpired(dropped)) { try await client.keepAlive(dropped) }
            #expect(try await client.timeToLive(kept) != nil)
            try await client.revoke(kept)
            #expect(try await client.get("/l/kept") == nil)
            #expect(try await client.timeToLive(kept) == nil)
            await client.close()
        }
    }

    @Test("an unreachable endpoint is skipped; with none answering, the error names each endpoint")
    func endpoints() async throws {
        try await TemporaryEtcd.with { etcd in
            let dead = "http://127.0.0.1:\(FreePort.next())"
            let client = try EtcdClient(endpoints: [dead, etcd.url])
            try await client.put("/e/k", "v")
            #expect(try await client.get("/e/k")?.text == "v")
            await client.close()
            let none = try EtcdClient(endpoints: [dead], timeout: .milliseconds(300))
            do {
                _ = try await none.get("/e/k")
                Issue.record("expected unreachable")
            } catch {
                #expect("\(error)".contains(dead.dropFirst(7)))
            }
            await none.close()
        }
        #expect(throws: EtcdError.invalidEndpoint("127.0.0.1:2379")) { try EtcdClient(endpoints: ["127.0.0.1:2379"]) }
    }
}
