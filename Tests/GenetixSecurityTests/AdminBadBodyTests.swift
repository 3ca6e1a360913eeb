import Foundation
import GenetixAdmin
import GenetixCore
import GenetixNet
import GenetixTesting
import Testing

extension SecurityTests {
    /// Every admin action of every node kind with malformed JSON, wrong types, missing and extra fields and a huge body:
    /// 400 with a JSON error naming the field (413 for the huge body), and the node's state is the same afterwards.
    @Suite(.serialized) struct AdminBadBodyTests {
        @Test func appActionsRefuseBadBodies() async throws {
            let harness = try AdminNodeHarness.app()
            try await harness.run { try await Self.check(harness, AdminActionSpecs.app, digest: AdminActionSpecs.appDigest) }
        }

        @Test func databaseActionsRefuseBadBodies() async throws {
            try await TemporaryDirectory.with(prefix: "security-db") { directory in
                let harness = try await AdminNodeHarness.database(directory: directory)
                try await harness.run { try await Self.check(harness, AdminActionSpecs.database, digest: AdminActionSpecs.databaseDigest) }
            }
        }

        @Test func balancerActionsRefuseBadBodies() async throws {
            let (harness, backend) = try await AdminNodeHarness.balancer()
            try await harness.run { try await Self.check(harness, AdminActionSpecs.balancer(backend: backend), digest: AdminActionSpecs.balancerDigest) }
        }

        static func check(_ harness: AdminNodeHarness, _ specs: [ActionSpec], digest: StateDigest) async throws {
            let client = HTTPClient(configuration: HTTPClientConfiguration(timeout: .seconds(20)))
            defer { Task { await client.shutdown() } }
            let base = harness.server.url
            let secret = AdminNodeHarness.operatorToken.secret
            await harness.settle(digest)
            let before = await digest(harness)
            for spec in specs {
                for bad in AdminActionSpecs.notObjects + spec.bad {
                    let answer = try await AdminNodeHarness.request(client, base, "POST", "/admin/v1/actions/\(spec.name)", secret: secret,
                                                                    body: Array(bad.body.utf8))
                    let detail = errorDetail(answer.json)
                    #expect(answer.status == 400, "\(spec.name) \(bad.body) → \(answer.status) \(answer.json)")
                    #expect(detail.code == "bad_request", "\(spec.name) \(bad.body) → \(answer.json)")
                    #expect(detail.field == bad.field, "\(spec.name) \(bad.body): the error names \(detail.field ?? "no field"), not \(bad.field ?? "no field")")
                }
                // A body over the admin port's 256 KiB limit: 413 before the action sees it.
                let huge = Array("{\"pad\": \"".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 300 * 1024) + Array("\"}".utf8)
                let answer = try await AdminNodeHarness.request(client, base, "POST", "/admin/v1/actions/\(spec.name)", secret: secret, body: huge)
                #expect(answer.status == 413, "\(spec.name) with a 300 KiB body → \(answer.status)")
                #expect(errorDetail(answer.json).code == "body_too_large")
            }
            #expect(await digest(harness) == before, "a refused body changed the node's state")
            // Refused bodies are audited (with the actor) but are not events.
            let audit = harness.logs.page(after: 0, limit: 5000).entries.filter { $0.source == "audit" && $0.fields["outcome"] == "bad_request" }
            #expect(audit.count == specs.reduce(0) { $0 + AdminActionSpecs.notObjects.count + $1.bad.count })
            #expect(audit.allSatisfy { $0.fields["actor"] == AdminNodeHarness.operatorToken.name })
            #expect(harness.events.page(after: 0, limit: 5000).events.filter { $0.type == "action" }.isEmpty)
        }
    }
}
