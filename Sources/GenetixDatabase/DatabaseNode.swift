import Foundation
import GenetixAdmin
import GenetixCore
import GenetixNet

/// The database kind of node for the admin API: status and health from the agent's samples, the actions
/// `promote`, `fence`, `unfence`, `follow`, `rejoin`, `sync`, and the Patroni-style `/primary`, `/replica`, `/health`.
public struct DatabaseNode: AdminNode {
    public let agent: DatabaseAgent

    public init(agent: DatabaseAgent) { self.agent = agent }

    public func status() async -> NodeStatus {
        let o = await agent.observation()
        let settings = agent.settings
        let haLeader = await agent.haLeader()
        let haRole = await agent.haRoleName(o)
        let haStatus = await agent.haStatus()
        let role = haRole ?? o.role ?? (FileManager.default.fileExists(atPath: agent.paths.standbySignal) ? "replica" : "primary")
        var status = NodeStatus(name: settings.name, kind: .database, role: role, version: GenetixVersion.string,
                                startedAt: Date(), pid: getpid())
        var health = Health()
        if !o.postmasterUp {
            health.worsen(to: .down, "postgres is not running")
        } else if !o.reachable {
            health.worsen(to: .down, "postgres does not answer: \(o.error ?? "starting up")")
        } else {
            if o.fenced && !o.inRecovery { health.worsen(to: .degraded, "fenced: read-only, no longer the writable primary") }
            if o.inRecovery && o.receiverStatus != "streaming" {
                health.worsen(to: .degraded, "replica is not streaming (WAL receiver: \(o.receiverStatus ?? "none"))")
            }
            if o.inRecovery && o.lagBytes > settings.lagThresholdBytes {
                health.worsen(to: .degraded, "replica lags \(o.lagBytes) bytes (threshold \(settings.lagThresholdBytes))")
            }
            if o.replayPaused { health.worsen(to: .degraded, "WAL replay is paused") }
        }
        status.health = health
        var replication = ReplicationStatus(role: role, timeline: o.timeline, lagBytes: o.lagBytes, clients: o.clients)
        replication.lagSeconds = o.lagSeconds
        replication.currentLsn = o.currentLSN?.description
        replication.receiveLsn = o.receiveLSN?.description
        replication.replayLsn = o.replayLSN?.description
        replication.upstream = o.upstream
        replication.receiverState = o.receiverStatus
        replication.replayPaused = o.replayPaused
        replication.synchronous = o.synchronous
        replication.fenced = o.fenced && !o.inRecovery
        replication.leader = haLeader
        status.replication = replication
        if let haStatus {
            status.ha = haStatus
            if haStatus.mode == "paused" { health.worsen(to: .degraded, "maintenance mode: automatic failover is paused for the cluster") }
            if haStatus.dcsReachable == false { health.worsen(to: .degraded, "etcd is unreachable: no failover possible") }
            if ["demoted", "rejoining", "starting"].contains(role) {
                health.worsen(to: .degraded, "\(role): \(haStatus.reason ?? "see events")")
            }
            status.health = health
        }
        status.database = DatabaseFigures(postmasterUp: o.postmasterUp, listen: "\(settings.listenHost):\(settings.port)",
                                          connections: o.connections, transactionsPerSecond: o.transactionsPerSecond,
                                          cacheHitRatio: o.cacheHitRatio, sizeBytes: o.sizeBytes)
        return status
    }

    public func isReady() async -> Bool {
        guard await agent.rolesReady else { return false }
        return await agent.observation().reachable
    }

    public var actions: [AdminAction] {
        let agent = self.agent
        return [
            AdminAction(name: "promote", summary: "Promote this replica: fence the old primary, wait for its last WAL, pg_promote.",
                        bodySchema: Self.schema(["force": "boolean", "maxLagBytes": "integer"])) { context throws(ActionError) in
                let body = try ActionBody(context.body, allowed: ["force", "maxLagBytes"])
                let force = try body.bool("force") ?? false
                let maxLag = try body.int("maxLagBytes").map(Int64.init) ?? DatabaseAgent.defaultPromoteLag
                guard maxLag >= 0 else { throw .badRequest("field 'maxLagBytes' must not be negative", field: "maxLagBytes") }
                if agent.settings.ha != nil { return try await agent.switchover(force: force, maxLagBytes: maxLag, actor: context.actor) }
                return try await agent.promote(force: force, maxLagBytes: maxLag, actor: context.actor)
            },
            AdminAction(name: "fence", summary: "Fence this primary: read-only, sessions ended; returns its final WAL position.",
                        bodySchema: Self.schema([:])) { context throws(ActionError) in
                _ = try ActionBody(context.body, allowed: [])
                if agent.settings.ha != nil { return try await agent.stepDown(actor: context.actor) }
                return try await agent.fence(actor: context.actor)
            },
            AdminAction(name: "unfence", summary: "Lift a fence: accept writes again (refused unless this is the only primary; force overrides).",
                        bodySchema: Self.schema(["force": "boolean"])) { context throws(ActionError) in
                let body = try ActionBody(context.body, allowed: ["force"])
                return try await agent.unfence(force: body.bool("force") ?? false, actor: context.actor)
            },
            AdminAction(name: "follow", summary: "Re-point this replica at another primary without a restart.",
                        bodySchema: Self.schema(["primary": "string"], required: ["primary"])) { context throws(ActionError) in
                try await agent.follow(Self.primary(context.body), actor: context.actor)
            },
            AdminAction(name: "rejoin", summary: "Turn this old primary into a replica of the new one (pg_rewind, or a base backup).",
                        bodySchema: Self.schema(["primary": "string", "force": "boolean"], required: ["primary"])) { context throws(ActionError) in
                let body = try ActionBody(context.body, allowed: ["primary", "force"])
                return try await agent.rejoin(Self.primary(context.body, allowing: ["primary", "force"]), force: body.bool("force") ?? false,
                                              actor: context.actor)
            },
            AdminAction(name: "pause", summary: "Maintenance mode: automatic failover off for the whole cluster (etcd config key).",
                        bodySchema: Self.schema([:])) { context throws(ActionError) in
                _ = try ActionBody(context.body, allowed: [])
                return try await agent.setPaused(true, actor: context.actor)
            },
            AdminAction(name: "resume", summary: "Automatic failover on again for the whole cluster.",
                        bodySchema: Self.schema([:])) { context throws(ActionError) in
                _ = try ActionBody(context.body, allowed: [])
                return try await agent.setPaused(false, actor: context.actor)
            },
            AdminAction(name: "sync", summary: "Synchronous replication on or off (one standby, recorded in etcd with --dcs, else ANY 1, confirms each commit).",
                        bodySchema: Self.schema(["enabled": "boolean", "strict": "boolean"], required: ["enabled"])) { context throws(ActionError) in
                let body = try ActionBody(context.body, allowed: ["enabled", "strict"])
                return try await agent.setSynchronous(body.require("enabled", body.bool), strict: body.bool("strict") ?? false, actor: context.actor)
            },
        ]
    }

    /// Patroni's health endpoints (see `HealthEndpoints`).
    public func publicRoutes() -> [AdminRoute] {
        HealthEndpoints.routes(agent)
    }

    private static func primary(_ body: JSONValue, allowing allowed: Set<String> = ["primary"]) throws(ActionError) -> PeerEndpoint {
        let fields = try ActionBody(body, allowed: allowed)
        let text = try fields.require("primary", fields.string)
        do { return try PeerEndpoint(parsing: text) } catch {
            throw .badRequest("field 'primary' must be HOST:PORT (\(error))", field: "primary")
        }
    }

    private static func schema(_ properties: [String: String], required: [String] = []) -> JSONValue {
        var object: [String: JSONValue] = [
            "type": .string("object"), "additionalProperties": .bool(false),
            "properties": .object(properties.mapValues { .object(["type": .string($0)]) }),
        ]
        if !required.isEmpty { object["required"] = .array(required.map(JSONValue.string)) }
        return .object(object)
    }
}
