import Foundation
import GenetixAdmin
import GenetixCore
import GenetixNet
import GenetixTesting
import Testing

extension SecurityTests {
    /// Numbers an operator can send: every numeric field of every action, read from the node's own OpenAPI document,
    /// gets each extreme value of a fixed table; the answer is 400 naming the field, and the node is unchanged.
    @Suite(.serialized) struct HostileNumberTests {
        /// Values no field accepts (JSON text): beyond 2^53, beyond a double's exact integers, `-0`, below 1e-6.
        static let extremes = ["1e19", "-1e19", "1e308", "-1e308", "1.7976931348623157e308", "-0", "-0.0", "1e-300", "-1e-300", "5e-324",
                               "123456789012345678901234567890", "-123456789012345678901234567890", "18446744073709551616",
                               "9223372036854775808", "-9223372036854775809"]
        /// Fractions, for fields whose schema says `integer`.
        static let fractions = ["1.5", "-2.5", "0.5", "3.0000001"]

        @Test func appActionsRefuseExtremeNumbers() async throws {
            let harness = try AdminNodeHarness.app()
            try await harness.run {
                let walked = try await Self.walk(harness, digest: AdminActionSpecs.appDigest)
                #expect(walked == ["autoscale.max", "autoscale.min", "autoscale.scaleDownWindowSeconds", "autoscale.target.inFlightPerWorker",
                                   "autoscale.target.rpsPerWorker", "restart.worker", "scale.delta", "scale.workers"])
            }
        }

        @Test func databaseActionsRefuseExtremeNumbers() async throws {
            try await TemporaryDirectory.with(prefix: "security-numbers-db") { directory in
                let harness = try await AdminNodeHarness.database(directory: directory)
                try await harness.run {
                    let walked = try await Self.walk(harness, digest: AdminActionSpecs.databaseDigest)
                    #expect(walked.contains("promote.maxLagBytes"))
                }
            }
        }

        @Test func balancerActionsRefuseExtremeNumbers() async throws {
            let (harness, backend) = try await AdminNodeHarness.balancer()
            try await harness.run {
                let walked = try await Self.walk(harness, digest: AdminActionSpecs.balancerDigest, required: ["backend": #""\#(backend)""#])
                #expect(walked.contains("weight.weight"))
            }
        }

        /// A numeric field found in a schema: its path from the body's top (`target.rpsPerWorker`) and whether it is an integer.
        struct NumericField {
            let path: [String]
            let integer: Bool
        }

        /// Walks every action of the node's OpenAPI document; returns `action.field.path` of every numeric field tried.
        /// `required` gives a valid value (JSON text) for required non-numeric fields, such as the balancer's `backend`, so
        /// that the answer is about the number.
        static func walk(_ harness: AdminNodeHarness, digest: StateDigest, required: [String: String] = [:]) async throws -> [String] {
            let client = HTTPClient(configuration: HTTPClientConfiguration(timeout: .seconds(20)))
            defer { Task { await client.shutdown() } }
            let base = harness.server.url
            let secret = AdminNodeHarness.operatorToken.secret
            let document = try await AdminNodeHarness.request(client, base, "GET", "/admin/v1/openapi.json", secret: secret).json
            let paths = try #require(document["paths"] as? [String: Any])
            await harness.settle(digest)
            let before = await digest(harness)
            var walked: [String] = []
            for (path, item) in paths.sorted(by: { $0.key < $1.key }) where path.hasPrefix("/admin/v1/actions/") {
                let action = String(path.dropFirst("/admin/v1/actions/".count))
                let post = (item as? [String: Any])?["post"] as? [String: Any]
                let content = (post?["requestBody"] as? [String: Any])?["content"] as? [String: Any]
                let schema = (content?["application/json"] as? [String: Any])?["schema"] as? [String: Any] ?? [:]
                let siblings = (schema["required"] as? [String] ?? []).compactMap { name in required[name].map { "\"\(name)\": \($0)" } }
                for field in numericFields(schema, under: []) {
                    walked.append(([action] + field.path).joined(separator: "."))
                    for value in extremes + (field.integer ? fractions : []) {
                        let nested = nest(field.path, value)
                        let body = siblings.isEmpty ? nested : "{" + (siblings + [String(nested.dropFirst().dropLast())]).joined(separator: ", ") + "}"
                        let answer = try await AdminNodeHarness.request(client, base, "POST", path, secret: secret, body: Array(body.utf8))
                        let detail = errorDetail(answer.json)
                        #expect(answer.status == 400, "\(action) \(body) → \(answer.status) \(answer.json)")
                        #expect(detail.code == "bad_request", "\(action) \(body) → \(answer.json)")
                        #expect(detail.field == field.path[0], "\(action) \(body): the error names \(detail.field ?? "no field"), not \(field.path[0])")
                    }
                }
            }
            #expect(await digest(harness) == before, "an extreme number changed the node's state")
            // The node still answers: not trapped, not wedged.
            let status = try await AdminNodeHarness.request(client, base, "GET", "/admin/v1/status", secret: secret)
            #expect(status.status == 200)
            return walked.sorted()
        }

        /// Every `integer` / `number` property of an object schema, descending into nested object properties.
        static func numericFields(_ schema: [String: Any], under path: [String]) -> [NumericField] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            return properties.keys.sorted().flatMap { name -> [NumericField] in
                let property = properties[name] as? [String: Any] ?? [:]
                switch property["type"] as? String {
                case "integer": return [NumericField(path: path + [name], integer: true)]
                case "number": return [NumericField(path: path + [name], integer: false)]
                case "object": return numericFields(property, under: path + [name])
                default: return []
                }
            }
        }

        /// `{"a": {"b": VALUE}}` for the path `[a, b]`, the value as raw JSON text.
        static func nest(_ path: [String], _ value: String) -> String {
            path.reversed().reduce(value) { inner, key in "{\"\(key)\": \(inner)}" }
        }
    }
}
