import GenetixNet

/// Builds the header blocks the proxy sends: the request to the backend (hop-by-hop fields removed,
/// `X-Forwarded-For` appended, `X-Forwarded-Proto`, `Via`, `X-Request-Id`) and the response to the client.
enum ForwardedHeaders {
    /// The request fields for the backend, in one pass over the client's fields.
    static func request(_ headers: HTTPHeaders, client: String, isTLS: Bool, via: String, requestId: String,
                        hasRequestId: Bool, ifNoneMatch: String?) -> HTTPHeaders {
        let named = connectionNamed(headers)
        var out: [(name: String, value: String)] = []
        out.reserveCapacity(headers.count + 5)
        var forwardedFor = ""
        var viaChain = ""
        for field in headers.fields {
            let name = field.name
            if HopByHopHeaders.isHopByHop(name) { continue }
            if !named.isEmpty, named.contains(where: { $0.equalsIgnoringASCIICase(name) }) { continue }
            switch name.utf8.count {
            case 15 where name.equalsIgnoringASCIICase("x-forwarded-for"):
                forwardedFor = forwardedFor.isEmpty ? field.value : forwardedFor + ", " + field.value
                continue
            case 17 where name.equalsIgnoringASCIICase("x-forwarded-proto"):
                continue
            case 3 where name.equalsIgnoringASCIICase("via"):
                viaChain = viaChain.isEmpty ? field.value : viaChain + ", " + field.value
                continue
            case 6 where name.equalsIgnoringASCIICase("expect"):
                continue  // the body is already here: the edge answered 100-continue itself
            case 13 where ifNoneMatch != nil && name.equalsIgnoringASCIICase("if-none-match"):
                continue
            default:
                out.append(field)
            }
        }
        out.append((name: "X-Forwarded-For", value: forwardedFor.isEmpty ? client : forwardedFor + ", " + client))
        out.append((name: "X-Forwarded-Proto", value: isTLS ? "https" : "http"))
        out.append((name: "Via", value: viaChain.isEmpty ? via : viaChain + ", " + via))
        if !hasRequestId { out.append((name: "X-Request-Id", value: requestId)) }
        if let ifNoneMatch { out.append((name: "If-None-Match", value: ifNoneMatch)) }
        return HTTPHeaders(out)
    }

    /// The response fields for the client: hop-by-hop fields and the backend's `Date` removed (the edge adds its own),
    /// `Via` appended and the request id added when the backend did not echo it.
    static func response(_ headers: HTTPHeaders, via: String, requestId: String) -> HTTPHeaders {
        let named = connectionNamed(headers)
        var out: [(name: String, value: String)] = []
        out.reserveCapacity(headers.count + 4)
        var viaChain = ""
        var hasRequestId = false
        for field in headers.fields {
            let name = field.name
            if HopByHopHeaders.isHopByHop(name) { continue }
            if !named.isEmpty, named.contains(where: { $0.equalsIgnoringASCIICase(name) }) { continue }
            switch name.utf8.count {
            case 4 where name.equalsIgnoringASCIICase("date"):
                continue
            case 3 where name.equalsIgnoringASCIICase("via"):
                viaChain = viaChain.isEmpty ? field.value : viaChain + ", " + field.value
                continue
            case 12 where name.equalsIgnoringASCIICase("x-request-id"):
                hasRequestId = true
                out.append(field)
            default:
                out.append(field)
            }
        }
        out.append((name: "Via", value: viaChain.isEmpty ? via : viaChain + ", " + via))
        if !hasRequestId { out.append((name: "X-Request-Id", value: requestId)) }
        return HTTPHeaders(out)
    }

    private static func connectionNamed(_ headers: HTTPHeaders) -> [Substring] {
        var named: [Substring] = []
        for field in headers.fields where field.name.utf8.count == 10 && field.name.equalsIgnoringASCIICase("connection") {
            for token in field.value.split(separator: ",") {
                let t = token.trimmingSpaces()
                if !t.equalsIgnoringASCIICase("close"), !t.equalsIgnoringASCIICase("keep-alive") { named.append(t) }
            }
        }
        return named
    }
}
