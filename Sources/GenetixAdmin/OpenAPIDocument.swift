import GenetixCore

/// The OpenAPI 3 document of a node's admin API, built from the same route and action lists the server mounts.
public enum OpenAPIDocument {
    /// The document for a node of `kind` with these actions and public routes.
    public static func make(kind: NodeKind, actions: [AdminAction], publicRoutes: [AdminRoute]) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        let bearer: JSONValue = .array([.object(["bearer": .array([])])])
        func get(_ summary: String, auth: Bool, params: [JSONValue] = [], schema: String? = nil,
                 more: [String: JSONValue] = [:]) -> JSONValue {
            var op: [String: JSONValue] = [
                "summary": .string(summary),
                "responses": responses(schema: schema, auth: auth, more: more),
            ]
            if !params.isEmpty { op["parameters"] = .array(params) }
            op["security"] = auth ? bearer : .array([])
            return .object(["get": .object(op)])
        }
        paths["/healthz"] = get("Liveness: 200 while the process runs", auth: false)
        paths["/readyz"] = get("Readiness: 200 when the node can take work, else 503", auth: false)
        paths["/metrics"] = get("Prometheus text exposition 0.0.4", auth: true)
        paths["/admin/v1/status"] = get("Node status (name, kind, role, health and kind-specific detail)", auth: true,
                                        params: [query("observer", "A balancer reporting drained workers (app nodes)"),
                                                 query("idle", "Comma-separated worker addresses the observer holds idle"),
                                                 header("If-None-Match", "The ETag of an earlier read: 304 while nothing an observer shows changed"),
                                                 query("wait", "Seconds (more than 0, at most 30) to hold a read whose If-None-Match names the current "
                                                       + "ETag: the status is re-read once a second and answered 200 as soon as the ETag moves, "
                                                       + "304 when the wait has passed", type: "number"),
                                                 query("host", "0 leaves the host's figures (load, memory, disk) out of the answer and its ETag, "
                                                       + "for readers that do not show them; 1 (the default) includes them", type: "integer")],
                                        schema: "NodeStatus",
                                        more: ["304": .object(["description": .string("Not Modified: the figures shown are those of the ETag sent (no body)")]),
                                               "400": errorResponse("A query parameter is wrong (the error names it: wait, host)")])
        paths["/admin/v1/metrics"] = get("Metrics snapshot as JSON", auth: true, schema: "MetricsSnapshot")
        paths["/admin/v1/logs"] = get("Log entries after a cursor; long-polls with wait", auth: true,
                                      params: [query("after", "Cursor: return entries with seq > after", type: "integer"),
                                               query("limit", "At most this many (1-5000)", type: "integer"),
                                               query("tail", "Only among the newest this many (1-5000), like tail -n", type: "integer"),
                                               query("level", "Minimum level: trace, debug, info, notice, warn, error, critical"),
                                               query("wait", "Seconds to wait for new entries (0-60)", type: "number")],
                                      schema: "LogPage")
        paths["/admin/v1/events"] = get("Significant state changes after a cursor", auth: true,
                                        params: [query("after", "Cursor", type: "integer"), query("limit", "At most this many", type: "integer"),
                                                 query("tail", "Only among the newest this many (1-5000)", type: "integer"),
                                                 query("wait", "Seconds to wait for new events", type: "number")],
                                        schema: "EventPage")
        paths["/admin/v1/openapi.json"] = get("This document", auth: true)
        for route in publicRoutes { paths[route.path] = get(route.summary, auth: false) }
        for action in actions {
            paths["/admin/v1/actions/\(action.name)"] = .object(["post": .object([
                "summary": .string(action.summary),
                "security": bearer,
                "requestBody": .object(["required": .bool(false), "content": .object(["application/json": .object(["schema": action.bodySchema])])]),
                "responses": .object([
                    "200": .object(["description": .string("Done; the body is the action's result")]),
                    "400": errorResponse("The body is not valid JSON or a field is wrong (the error names it)"),
                    "401": errorResponse("No or unknown token"),
                    "403": errorResponse("A viewer token, or an address outside the allowlist"),
                    "404": errorResponse("No such action on this node kind"),
                    "409": errorResponse("The node's state forbids the action now (the error says why)"),
                ]),
            ])])
        }
        return .object([
            "openapi": .string("3.0.3"),
            "info": .object(["title": .string("Genetix \(kind.rawValue) node admin API"), "version": .string("v1 (\(GenetixVersion.string))")]),
            "paths": .object(paths),
            "components": .object([
                "securitySchemes": .object(["bearer": .object(["type": .string("http"), "scheme": .string("bearer")])]),
                "schemas": .object(["Error": errorSchema]),
            ]),
        ])
    }

    private static func query(_ name: String, _ description: String, type: String = "string") -> JSONValue {
        .object(["name": .string(name), "in": .string("query"), "required": .bool(false), "description": .string(description),
                 "schema": .object(["type": .string(type)])])
    }

    private static func header(_ name: String, _ description: String) -> JSONValue {
        .object(["name": .string(name), "in": .string("header"), "required": .bool(false), "description": .string(description),
                 "schema": .object(["type": .string("string")])])
    }

    private static func responses(schema: String?, auth: Bool, more: [String: JSONValue]) -> JSONValue {
        var r: [String: JSONValue] = ["200": .object(["description": .string(schema.map { "A \($0) as JSON" } ?? "OK")])]
        r.merge(more) { _, added in added }
        if auth {
            r["401"] = errorResponse("No or unknown token")
            r["403"] = errorResponse("Address outside the allowlist")
        }
        return .object(r)
    }

    private static func errorResponse(_ description: String) -> JSONValue {
        .object(["description": .string(description),
                 "content": .object(["application/json": .object(["schema": .object(["$ref": .string("#/components/schemas/Error")])])])])
    }

    private static let errorSchema: JSONValue = .object([
        "type": .string("object"),
        "required": .array([.string("error")]),
        "properties": .object(["error": .object([
            "type": .string("object"),
            "required": .array([.string("code"), .string("message")]),
            "properties": .object(["code": .object(["type": .string("string")]), "message": .object(["type": .string("string")]),
                                   "field": .object(["type": .string("string")])]),
        ])]),
    ])
}
