/// Answers a routed request; the router has filled `request.pathParameters`.
public typealias RouteHandler = @Sendable (HTTPRequest, HTTPResponder) -> Void

/// Maps method and path to handlers. Patterns are literal segments, `{name}` parameters, and a final `*` that matches
/// the rest. Unknown paths get a JSON 404; a known path with another method gets a JSON 405 with `Allow`.
/// A GET route also answers HEAD.
public struct Router: Sendable {
    /// One mounted route.
    public struct Route: Sendable {
        public let method: String
        public let pattern: String
        let segments: [Segment]
        let handler: RouteHandler
    }

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
        case rest
    }

    public private(set) var routes: [Route] = []
    /// Called for paths no route matches; nil answers 404.
    public var fallback: RouteHandler?

    public init() {}

    /// Mounts `handler` for `method` on `pattern`.
    public mutating func on(_ method: String, _ pattern: String, _ handler: @escaping RouteHandler) {
        let segments: [Segment] = pattern.split(separator: "/").map { part in
            if part == "*" { return .rest }
            if part.hasPrefix("{"), part.hasSuffix("}") { return .parameter(String(part.dropFirst().dropLast())) }
            return .literal(String(part))
        }
        routes.append(Route(method: method, pattern: pattern, segments: segments, handler: handler))
    }

    /// Mounts an async handler; it runs in a task and its response is sent when it returns.
    public mutating func on(_ method: String, _ pattern: String, async handler: @escaping @Sendable (HTTPRequest) async -> HTTPResponse) {
        on(method, pattern) { request, responder in
            Task { responder.send(await handler(request)) }
        }
    }

    /// Finds the route for a method and path; `allowed` lists the methods the path accepts when none matches.
    public func match(method: String, path: Substring) -> (route: Route?, parameters: [String: String], allowed: [String]) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        var allowed: [String] = []
        for route in routes {
            guard let params = Self.bind(route.segments, parts) else { continue }
            if route.method == method || (method == "HEAD" && route.method == "GET") { return (route, params, []) }
            allowed.append(route.method)
        }
        if allowed.contains("GET"), !allowed.contains("HEAD") { allowed.append("HEAD") }
        return (nil, [:], allowed)
    }

    private static func bind(_ segments: [Segment], _ parts: [Substring]) -> [String: String]? {
        var params: [String: String] = [:]
        var i = 0
        for segment in segments {
            switch segment {
            case .rest:
                params["*"] = parts[min(i, parts.count)...].joined(separator: "/")
                return params
            case .literal(let text):
                guard i < parts.count, parts[i] == text else { return nil }
            case .parameter(let name):
                guard i < parts.count else { return nil }
                params[name] = QueryString.decode(parts[i])
            }
            i += 1
        }
        return i == parts.count ? params : nil
    }

    /// The handler to give an `HTTPServer`.
    public var handler: HTTPHandler {
        let router = self
        return { request, responder in router.dispatch(request, responder) }
    }

    /// Routes one request.
    public func dispatch(_ request: HTTPRequest, _ responder: HTTPResponder) {
        let (route, params, allowed) = match(method: request.method, path: request.path)
        if let route {
            var request = request
            request.pathParameters = params
            route.handler(request, responder)
        } else if !allowed.isEmpty {
            var response = responder.errorFormat.response(405, "method_not_allowed",
                                                          "\(request.method) is not allowed on \(request.path); use \(allowed.joined(separator: ", "))")
            response.headers.add("Allow", allowed.joined(separator: ", "))
            responder.send(response)
        } else if let fallback {
            fallback(request, responder)
        } else {
            responder.send(responder.errorFormat.response(404, "not_found", "no route for \(request.method) \(request.path)"))
        }
    }
}
