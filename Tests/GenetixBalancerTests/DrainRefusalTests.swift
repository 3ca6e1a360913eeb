import Foundation
import GenetixAdmin
import GenetixBalancer
import GenetixCore
import GenetixNet
import Testing

/// Issue 15: a drain of the last backend that takes requests is refused with 409, a reason and the override.
@Suite struct DrainRefusalTests {
    @Test func drainingTheLastHealthyBackendIsRefusedUnlessForced() async throws {
        let a = try TestBackend(), b = try TestBackend()
        let fixture = try BalancerFixture(backends: [a.address, b.address])
        defer { Task { await fixture.stop(); await a.stop(); await b.stop() } }
        #expect(await fixture.eventually(within: .seconds(10)) { fixture.state(of: a.address) == .up && fixture.state(of: b.address) == .up })
        // With another backend up, a drain goes through.
        let first = try await fixture.action("drain", .object(["backend": .string(a.address.description)]))
        #expect(first["state"]?.stringValue == "draining")
        // The last one is refused, with why and how to override; nothing changes.
        do {
            _ = try await fixture.action("drain", .object(["backend": .string(b.address.description)]))
            Issue.record("draining the last healthy backend was not refused")
        } catch let error as ActionError {
            #expect(error.status == 409)
            #expect(error.description.contains("last backend of lb-test that takes requests"), "\(error.description)")
            #expect(error.description.contains("\"force\": true") && error.description.contains("--force"), "\(error.description)")
        }
        #expect(fixture.state(of: b.address) == .up)
        #expect(try await fixture.get("/").status == 200)
        // force drains it anyway.
        let forced = try await fixture.action("drain", .object(["backend": .string(b.address.description), "force": .bool(true)]))
        #expect(forced["state"]?.stringValue == "draining")
        #expect(try await fixture.get("/").status == 503)
        // A backend that takes no requests itself may always be drained again.
        _ = try await fixture.action("drain", .object(["backend": .string(a.address.description)]))
    }
}
