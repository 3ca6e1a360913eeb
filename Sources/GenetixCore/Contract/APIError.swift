/// The body of every admin API error: `{"error": {"code": "…", "message": "…"}}`.
public struct APIErrorBody: Codable, Sendable, Equatable {
    public struct Detail: Codable, Sendable, Equatable {
        /// Machine-readable, e.g. `unauthorized`, `bad_request`, `conflict`, `not_found`.
        public var code: String
        /// What happened and what to do, for a person.
        public var message: String
        /// The offending field of a request body, when there is one.
        public var field: String?
        public init(code: String, message: String, field: String? = nil) {
            self.code = code
            self.message = message
            self.field = field
        }
    }
    public var error: Detail
    public init(code: String, message: String, field: String? = nil) {
        self.error = Detail(code: code, message: message, field: field)
    }
}

/// Why an admin action did not run. The status a server answers is `status`.
public enum ActionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The body is malformed or a field is wrong (400).
    case badRequest(String, field: String? = nil)
    /// The node's state forbids the action now (409).
    case conflict(String)
    /// The thing the action names does not exist (404).
    case notFound(String)
    /// The action started but failed (500).
    case failed(String)
    /// It did not finish in time (504).
    case timedOut(String)

    public var status: Int {
        switch self {
        case .badRequest: 400
        case .conflict: 409
        case .notFound: 404
        case .failed: 500
        case .timedOut: 504
        }
    }

    public var code: String {
        switch self {
        case .badRequest: "bad_request"
        case .conflict: "conflict"
        case .notFound: "not_found"
        case .failed: "action_failed"
        case .timedOut: "timeout"
        }
    }

    public var description: String {
        switch self {
        case .badRequest(let m, _), .conflict(let m), .notFound(let m), .failed(let m), .timedOut(let m): m
        }
    }

    public var field: String? {
        if case .badRequest(_, let field) = self { return field }
        return nil
    }

    /// The JSON error body for this error.
    public var body: APIErrorBody { APIErrorBody(code: code, message: description, field: field) }
}
