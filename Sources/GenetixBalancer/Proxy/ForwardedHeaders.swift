import GenetixNet

/// Builds the header blocks the proxy sends: the request to the backend (hop-by-hop fields removed,
/// `X-Forwarded-For` appended, `X-Forwarded-Proto`, `Via`, `X-Request-Id`) and the response to the client.
enum ForwardedHeaders {
    /// Writes the request for the backend straight into `buffer` (request line, fields, framing, end of head), in one
    /// pass over the client's fields. The client's fields come from the strict parser (no CR, LF or NUL); the fields the
    /// proxy adds are sanitised like `HTTPSerializer` does.
    ///
    /// The request goes out as HTTP/1.1, which requires a `Host` field (RFC 9112 §3.2); an HTTP/1.0 client may send
    /// none, and then `backendHost` (the backend's address) is written, as nginx's `proxy_set_header Host $proxy_host`
    /// does. Without it the backend answers 400 and closes its keep-alive connection.
    static func writeRequest(_ head: HTTPRequestHead, bodyCount: Int, client: String, isTLS: Bool, via: String,
                             requestId: String, hasRequestId: Bool, ifNoneMatch: String?, backendHost: String,
                             into buffer: inout [UInt8]) {
        let headers = head.headers
        let named = connectionNamed(headers)
        for byte in head.method.utf8 where isToken(byte) { buffer.append(byte) }
        buffer.append(0x20)
        var target = head.target
        target.withUTF8 { bytes in
            // The parser let no such byte through; checked anyway, then copied in one piece.
            if bytes.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) {
                buffer.append(contentsOf: bytes)
            } else {
                for byte in bytes { buffer.append(byte > 0x20 && byte != 0x7F ? byte : 0x25) }
            }
        }
        buffer.append(contentsOf: httpVersionLine)
        var forwardedFor = ""
        var viaChain = ""
        var hasHost = false
        for field in headers.fields {
            let name = field.name
            if isDropped(name, connectionNamed: named) { continue }
            switch name.utf8.count {
            case 15 where HeaderName.is(name, "x-forwarded-for"):
                forwardedFor = forwardedFor.isEmpty ? field.value : forwardedFor + ", " + field.value
                continue
            case 17 where HeaderName.is(name, "x-forwarded-proto"):
                continue
            case 3 where HeaderName.is(name, "via"):
                viaChain = viaChain.isEmpty ? field.value : viaChain + ", " + field.value
                continue
            case 4 where HeaderName.is(name, "host"):
                hasHost = true
                append(name, field.value, into: &buffer)
            case 6 where HeaderName.is(name, "expect"):
                continue  // the body is already here: the edge answered 100-continue itself
            case 13 where ifNoneMatch != nil && HeaderName.is(name, "if-none-match"):
                continue
            default:
                append(name, field.value, into: &buffer)
            }
        }
        if !hasHost { append("Host", backendHost, into: &buffer) }
        append("X-Forwarded-For", forwardedFor.isEmpty ? client : forwardedFor + ", " + client, into: &buffer)
        buffer.append(contentsOf: isTLS ? forwardedProtoHTTPS : forwardedProtoHTTP)
        append("Via", viaChain.isEmpty ? via : viaChain + ", " + via, into: &buffer)
        if !hasRequestId { append("X-Request-Id", requestId, into: &buffer) }
        if let ifNoneMatch { append("If-None-Match", ifNoneMatch, into: &buffer) }
        if bodyCount > 0 || head.framing != .none {
            buffer.append(contentsOf: contentLengthPrefix)
            appendDecimal(bodyCount, into: &buffer)
            buffer.append(0x0D)
            buffer.append(0x0A)
        }
        buffer.append(0x0D)
        buffer.append(0x0A)
    }

    private static let httpVersionLine: [UInt8] = Array(" HTTP/1.1\r\n".utf8)
    private static let forwardedProtoHTTP: [UInt8] = Array("X-Forwarded-Proto: http\r\n".utf8)
    private static let forwardedProtoHTTPS: [UInt8] = Array("X-Forwarded-Proto: https\r\n".utf8)
    private static let contentLengthPrefix: [UInt8] = Array("Content-Length: ".utf8)

    @inline(__always)
    private static func append(_ name: String, _ value: String, into buffer: inout [UInt8]) {
        HTTPSerializer.appendField(name, value, into: &buffer)
    }

    /// Whether a field stays on its own hop: a hop-by-hop field, or one the `Connection` field names.
    @inline(__always)
    private static func isDropped(_ name: String, connectionNamed named: [Substring]) -> Bool {
        HopByHopHeaders.isHopByHop(name) || (!named.isEmpty && named.contains { $0.equalsIgnoringASCIICase(name) })
    }

    @inline(__always)
    private static func isToken(_ byte: UInt8) -> Bool { HTTPSerializer.isToken(byte) }

    @inline(__always)
    private static func appendDecimal(_ value: Int, into buffer: inout [UInt8]) {
        HTTPSerializer.appendDecimal(value, into: &buffer)
    }

    /// The response fields for the client, as a list (what the edge cache stores): see `forEachResponseField`.
    static func response(_ headers: HTTPHeaders, via: String, requestId: String) -> HTTPHeaders {
        var out: [(name: String, value: String)] = []
        out.reserveCapacity(headers.count + 4)
        forEachResponseField(headers, via: via, requestId: requestId) { out.append((name: $0, value: $1)) }
        return HTTPHeaders(out)
    }

    /// Writes the response fields for the client straight into `buffer` as field lines (an `HTTPFieldWriter`), then
    /// `X-Cache` and `Strict-Transport-Security` when given. The backend's fields come from the strict parser (no CR,
    /// LF or NUL); each line is sanitised all the same.
    static func writeResponse(_ headers: HTTPHeaders, via: String, requestId: String, cacheLabel: String?, hsts: String?,
                              into buffer: inout [UInt8]) {
        forEachResponseField(headers, via: via, requestId: requestId) { append($0, $1, into: &buffer) }
        if let cacheLabel { append("X-Cache", cacheLabel, into: &buffer) }
        if let hsts { append("Strict-Transport-Security", hsts, into: &buffer) }
    }

    /// The response fields for the client, in order: the backend's without the hop-by-hop ones, those its `Connection`
    /// names, its `Date` (the edge adds its own) and its `Content-Length` (the client connection frames the body); then
    /// `Via` with the edge appended, and the request id when the backend did not echo it.
    @inline(__always)
    private static func forEachResponseField(_ headers: HTTPHeaders, via: String, requestId: String,
                                             _ body: (String, String) -> Void) {
        let named = connectionNamed(headers)
        var viaChain = ""
        var hasRequestId = false
        for field in headers.fields {
            let name = field.name
            if isDropped(name, connectionNamed: named) { continue }
            switch name.utf8.count {
            case 4 where HeaderName.is(name, "date"):
                continue
            case 14 where HeaderName.is(name, "content-length"):
                continue
            case 3 where HeaderName.is(name, "via"):
                viaChain = viaChain.isEmpty ? field.value : viaChain + ", " + field.value
                continue
            case 12 where HeaderName.is(name, "x-request-id"):
                hasRequestId = true
            default:
                break
            }
            body(name, field.value)
        }
        body("Via", viaChain.isEmpty ? via : viaChain + ", " + via)
        if !hasRequestId { body("X-Request-Id", requestId) }
    }

    private static func connectionNamed(_ headers: HTTPHeaders) -> [Substring] {
        var named: [Substring] = []
        for field in headers.fields where HeaderName.is(field.name, "connection") {
            if HeaderName.is(field.value, "keep-alive") || HeaderName.is(field.value, "close") { continue }
            for token in field.value.split(separator: ",") {
                let t = token.trimmingSpaces()
                if !t.equalsIgnoringASCIICase("close"), !t.equalsIgnoringASCIICase("keep-alive") { named.append(t) }
            }
        }
        return named
    }
}
