import Foundation
import GenetixOperations
import GenetixTesting
import Testing

/// `genetix up` names a taken port before it starts anything (CI once saw etcd die on a peer port a parallel test's
/// connection held, reported only as "etcd exited while starting").
@Suite struct LocalClusterPortCheckTests {
    @Test func theLayoutListsEveryListeningPortOnceWithItsOwner() throws {
        let layout = try LocalClusterLayout(state: StateDirectory(path: "/nonexistent/state"), basePort: 21_000, appNodes: 2, workers: 3, replicas: 1)
        let numbers = layout.ports.map(\.number)
        #expect(Set(numbers).count == numbers.count, "a port listed twice: \(numbers.sorted())")
        // etcd 2, lb 1 admin + HTTP + HTTPS, 2 app admins + 3 workers each, 2 databases admin + PostgreSQL.
        #expect(numbers.count == 2 + 3 + 2 * 4 + 2 * 2)
        #expect(layout.ports.contains(.init(number: 21_071, owner: "etcd peer")))
        #expect(layout.ports.contains(.init(number: 21_001, owner: "lb-1 HTTPS")))
        #expect(layout.ports.contains(.init(number: 21_122, owner: "app-2 worker 3")))
        #expect(layout.ports.contains(.init(number: 21_051, owner: "db-2 PostgreSQL")))
    }

    @Test func aPortHeldByAnotherSocketIsTakenAndAFreeOneIsNot() throws {
        let held = try RefusingPort()  // bound, not listening: still holds the port
        defer { held.close() }
        #expect(LoopbackPortCheck.isTaken(held.port))
        // A port from below the ephemeral range, handed to this test alone: no other socket can have it.
        let free = FreePort.next()
        #expect(free != 0 && !LoopbackPortCheck.isTaken(free))
    }

    @Test func upRefusesBeforeStartingAnythingAndNamesThePort() async throws {
        try await TemporaryDirectory.with(prefix: "ports") { dir in
            let held = try RefusingPort()
            defer { held.close() }
            let state = StateDirectory(path: dir.file("state"))
            // The held port is the first one checked (etcd's client port), so no other can be named before it: a
            // port left to chance may be held by an outgoing connection of a test running beside this one.
            let first = try LocalClusterLayout(state: state, basePort: 8080).ports[0]
            let layout = try LocalClusterLayout(state: state, basePort: held.port - (first.number - 8080))
            let launcher = LocalClusterLauncher(state: state, layout: layout, executable: "/bin/false")
            do {
                _ = try await launcher.start(supervisor: nil) { _ in }
                Issue.record("up started with port \(held.port) taken")
            } catch {
                #expect("\(error)".contains("port \(held.port) (\(first.owner)) on 127.0.0.1 is already in use"), "\(error)")
                #expect("\(error)".contains("--base-port"), "\(error)")
            }
            #expect(!FileManager.default.fileExists(atPath: state.processFile), "up wrote a process table before refusing")
        }
    }
}
