import Foundation
import GenetixApp
import GenetixCore
import GenetixNet
import GenetixTesting
import Testing

extension SecurityTests {
    /// Scaling an app node to 0 stops everything it serves: the admin action answers 409 without `{"force": true}`,
    /// and the headless `genetix scale NODE 0` exits 1 without `--force`; each says why and how to override.
    @Suite(.serialized) struct ScaleToZeroRefusalTests {
        @Test func scaleToZeroNeedsForceOverTheAPIAndTheCommandLine() async throws {
            let harness = try AdminNodeHarness.app()
            try await harness.run {
                try await TemporaryDirectory.with(prefix: "scale-zero") { directory in try await Self.check(harness, directory) }
            }
        }

        static func members(_ harness: AdminNodeHarness) async -> Int {
            await (harness.node as? AppNode)?.supervisor.memberCount() ?? -1
        }

        static func check(_ harness: AdminNodeHarness, _ directory: TemporaryDirectory) async throws {
            let client = HTTPClient(configuration: HTTPClientConfiguration(timeout: .seconds(20)))
            defer { Task { await client.shutdown() } }
            let base = harness.server.url, secret = AdminNodeHarness.operatorToken.secret
            func scale(_ body: String) async throws -> (status: Int, json: [String: Any]) {
                try await AdminNodeHarness.request(client, base, "POST", "/admin/v1/actions/scale", secret: secret, body: Array(body.utf8))
            }
            #expect(try await scale(#"{"workers": 2}"#).status == 200)
            for body in [#"{"workers": 0}"#, #"{"delta": -2}"#, #"{"workers": 0, "force": false}"#] {
                let refused = try await scale(body)
                let error = refused.json["error"] as? [String: Any]
                #expect(refused.status == 409, "\(body) → \(refused.status) \(refused.json)")
                let message = error?["message"] as? String ?? ""
                #expect(message.contains("stop all 2 workers") && message.contains("\"force\": true") && message.contains("--force"), "\(message)")
            }
            #expect(await members(harness) == 2, "a refused scale changed the workers")

            // The headless command: refused without --force (exit 1, the reason and the override on stderr), done with it.
            let config = directory.file("genetix.json")
            try #"{"cluster": "t", "nodes": [{"name": "app-1", "kind": "app", "admin": "\#(base)", "token": "\#(secret)"}]}"#
                .write(toFile: config, atomically: true, encoding: .utf8)
            let refused = try await ExternalTool.run(GenetixExecutable.path, ["scale", "app-1", "0", "--yes", "--config", config])
            #expect(refused.status == 1, "\(refused.output)")
            #expect(refused.output.contains("to 0 would stop all") && refused.output.contains("--force"), "\(refused.output)")
            #expect(await members(harness) == 2)
            let forced = try await ExternalTool.run(GenetixExecutable.path, ["scale", "app-1", "0", "--force", "--yes", "--config", config])
            #expect(forced.status == 0, "\(forced.output)")
            #expect(await members(harness) == 0)
            // Already at 0: nothing left to stop, so nothing to refuse.
            #expect(try await scale(#"{"workers": 0}"#).status == 200)
        }
    }
}
