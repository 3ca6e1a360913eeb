import GenetixCore
import GenetixNet

/// What a node kind plugs into the admin API: its status, readiness, actions and any extra routes.
///
/// The admin server owns everything else (auth, audit, logs, events, metrics, OpenAPI), so every kind serves the
/// same contract.
public protocol AdminNode: Sendable {
    /// The body of `GET /admin/v1/status`. `name`, `kind`, `version`, `startedAt` and `pid` may be left for the
    /// server to fill in from the runtime; the kind fills `role`, `health` and its own fields.
    func status() async -> NodeStatus
    /// Whether the node is ready to take work (`GET /readyz`: 200 or 503).
    func isReady() async -> Bool
    /// The actions this kind supports (`POST /admin/v1/actions/NAME`).
    var actions: [AdminAction] { get }
    /// Routes outside /admin/v1 that this kind adds (e.g. the database's `/primary`, `/replica`, `/health`).
    /// They are served without a token, like /healthz; keep them free of secrets.
    func publicRoutes() -> [AdminRoute]
    /// Called with the query of each `GET /admin/v1/status` before `status()`, and the caller's token name — the
    /// app node reads the balancers' drain reports (`observer`, `idle`) from it.
    func statusRequested(query: [String: String], by caller: String) async
}

extension AdminNode {
    public func publicRoutes() -> [AdminRoute] { [] }
    public func statusRequested(query: [String: String], by caller: String) async {}
}

/// An extra unauthenticated GET route of a node kind.
public struct AdminRoute: Sendable {
    public let path: String
    public let summary: String
    public let handler: @Sendable (HTTPRequest) async -> HTTPResponse
    public init(path: String, summary: String, handler: @escaping @Sendable (HTTPRequest) async -> HTTPResponse) {
        self.path = path
        self.summary = summary
        self.handler = handler
    }
}

/// One admin action: its name, its documentation and body schema (for /admin/v1/openapi.json), and what it does.
public struct AdminAction: Sendable {
    public let name: String
    public let summary: String
    /// The JSON Schema of the body, as an OpenAPI `schema` object.
    public let bodySchema: JSONValue
    /// Runs the action. Throw `ActionError` for 400 (bad body, naming the field), 404, 409 (state forbids it) or 500.
    /// The result is returned as the 200 body.
    public let run: @Sendable (ActionContext) async throws(ActionError) -> JSONValue

    public init(name: String, summary: String, bodySchema: JSONValue = .object(["type": .string("object")]),
                run: @escaping @Sendable (ActionContext) async throws(ActionError) -> JSONValue) {
        self.name = name
        self.summary = summary
        self.bodySchema = bodySchema
        self.run = run
    }
}

/// What an action gets: the parsed body and who asked.
public struct ActionContext: Sendable {
    /// The request body as JSON (an empty body is `{}`).
    public let body: JSONValue
    /// The token name of the caller (for audit and events).
    public let actor: String
    /// The request id (from `X-Request-Id`, or generated).
    public let requestId: String

    public init(body: JSONValue, actor: String, requestId: String) {
        self.body = body
        self.actor = actor
        self.requestId = requestId
    }
}
