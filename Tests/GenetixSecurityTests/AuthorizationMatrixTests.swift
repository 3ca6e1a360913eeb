import Foundation
import GenetixAdmin
import GenetixCore
import GenetixNet
import GenetixTesting
import Testing

extension SecurityTests {
    /// Every admin route of every node kind × {no token, wrong token, viewer, operator, an address outside the allowlist}
    /// gets exactly the documented status (docs/security.md), and every action attempt is audited with its actor.
    @Suite(.serialized) struct AuthorizationMatrixTests {
        enum Caller: String, CaseIterable, Sendable {
            case none, wrong, viewer, `operator`, outside
            var secret: String? {
                switch self {
                case .none: nil
                case .wrong: "not-a-token-of-this-node-0123"
                case .viewer: AdminNodeHarness.viewer.secret
                case .operator, .outside: AdminNodeHarness.operatorToken.secret
                }
            }
        }

        @Test func appNode() async throws {
            let harness = try AdminNodeHarness.app()
            try await harness.run { try await Self.matrix(harness, AdminActionSpecs.app) }
        }

        @Test func databaseNode() async throws {
            try await TemporaryDirectory.with(prefix: "security-matrix") { directory in
                let harness = try await AdminNodeHarness.database(directory: directory)
                try await harness.run { try await Self.matrix(harness, AdminActionSpecs.database) }
            }
        }

        @Test func balancerNode() async throws {
            let (harness, backend) = try await AdminNodeHarness.balancer()
            try await harness.run { try await Self.matrix(harness, AdminActionSpecs.balancer(backend: backend)) }
        }

        /// The documented status of `route` for `caller`; nil for the open probes, whose status is the route's own.
        static func documented(_ route: String, _ caller: Caller, operatorStatus: Int) -> Int? {
            if caller == .outside { return 403 }
            let isAction = route.hasPrefix("POST ")
            let isAdmin = isAction || route.hasPrefix("GET /admin/v1/") || route == "GET /metrics"
            guard isAdmin else { return nil }
            switch caller {
            case .none, .wrong: return 401
            case .viewer: return isAction ? 403 : 200
            case .operator: return isAction ? operatorStatus : 200
            case .outside: return 403
            }
        }

        static func matrix(_ harness: AdminNodeHarness, _ specs: [ActionSpec]) async throws {
            let client = HTTPClient(configuration: HTTPClientConfiguration(timeout: .seconds(30)))
            defer { Task { await client.shutdown() } }
            // The operator column's statuses are those of a node that has finished starting (a database's role observed).
            await harness.settle(AdminActionSpecs.digest(for: harness.kind))
            // Every mounted route, with the action pattern expanded to every action of the kind.
            var routes: [String] = []
            for route in harness.server.mountedRoutes {
                if route.contains("{name}") {
                    routes += harness.node.actions.map { route.replacingOccurrences(of: "{name}", with: $0.name) }
                } else {
                    routes.append(route)
                }
            }
            #expect(Set(specs.map(\.name)) == Set(harness.node.actions.map(\.name)), "an action of the kind has no spec")
            var openStatus: [String: Int] = [:]
            for route in routes {
                let parts = route.split(separator: " ", maxSplits: 1).map(String.init)
                let (method, path) = (parts[0], parts[1])
                let spec = specs.first { path == "/admin/v1/actions/\($0.name)" }
                for caller in Caller.allCases {
                    let base = caller == .outside ? harness.fenced.url : harness.server.url
                    let body = spec.map { Array($0.operatorBody.utf8) } ?? []
                    let query = path == "/admin/v1/logs" || path == "/admin/v1/events" ? "?after=0&limit=5" : ""
                    let answer = try await AdminNodeHarness.request(client, base, method, path + query, secret: caller.secret, body: body)
                    if let expected = documented(route, caller, operatorStatus: spec?.operatorStatus ?? 200) {
                        #expect(answer.status == expected, "\(harness.kind) \(route) as \(caller): \(answer.status), documented \(expected) \(answer.json)")
                        if [401, 403].contains(expected) {
                            #expect(errorDetail(answer.json).code != nil, "\(route) as \(caller): the refusal is not a JSON error")
                        }
                    } else {
                        // An open probe answers the same to everyone inside the allowlist.
                        let first = openStatus[route] ?? answer.status
                        openStatus[route] = first
                        #expect(answer.status == first && answer.status != 401 && answer.status != 403,
                                "\(harness.kind) \(route) as \(caller): \(answer.status)")
                    }
                }
            }
            // Every action attempt is in the audit log with its actor; every authorised run is an event with its actor.
            let audit = harness.logs.page(after: 0, limit: 5000).entries.filter { $0.source == "audit" }
            let events = harness.events.page(after: 0, limit: 5000).events.filter { $0.type == "action" }
            for spec in specs {
                let entries = audit.filter { $0.fields["action"] == spec.name }
                let actors = entries.map { "\($0.fields["actor"] ?? "?")/\($0.fields["outcome"] ?? "?")" }.sorted()
                let operatorOutcome = spec.operatorStatus == 200 ? "ok" : (spec.operatorStatus == 409 ? "conflict" : "action_failed")
                #expect(actors == ["anonymous/denied", "anonymous/denied", "anonymous/denied", "oncall/\(operatorOutcome)", "watcher/denied"].sorted(),
                        "\(harness.kind) \(spec.name) audit: \(actors)")
                let ran = events.filter { $0.fields["action"] == spec.name }
                #expect(ran.count == 1 && ran.first?.actor == AdminNodeHarness.operatorToken.name, "\(harness.kind) \(spec.name) events: \(ran.map(\.message))")
            }
        }
    }
}
