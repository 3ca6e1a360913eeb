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
        var forwardedFor: [UInt8] = []
        var viaChain: [UInt8] = []
        var hasHost = false
        let headers = head.headers
        headers.withLines { lines in
            let named = connectionNamed(lines)
            for i in 0..<lines.count {
                if isDropped(lines, i, connectionNamed: named) { continue }
                switch lines.nameCount(i) {
                case 15 where lines.nameIs(i, "x-forwarded-for"):
                    appendListElement(lines.value(i), to: &forwardedFor)
                    continue
                case 17 where lines.nameIs(i, "x-forwarded-proto"):
                    continue
                case 3 where lines.nameIs(i, "via"):
                    appendListElement(lines.value(i), to: &viaChain)
                    continue
                case 4 where lines.nameIs(i, "host"):
                    hasHost = true
                case 6 where lines.nameIs(i, "expect"):
                    continue  // the body is already here: the edge answered 100-continue itself
                case 13 where ifNoneMatch != nil && lines.nameIs(i, "if-none-match"):
                    continue
                default:
                    break
                }
                copyLine(lines, i, checked: !headers.isWireSafe, into: &buffer)
            }
        }
        if !hasHost { appendKnown("Host: ", backendHost, into: &buffer) }
        appendChain("X-Forwarded-For: ", forwardedFor, client, into: &buffer)
        buffer.append(contentsOf: isTLS ? forwardedProtoHTTPS : forwardedProtoHTTP)
        appendChain("Via: ", viaChain, via, into: &buffer)
        if !hasRequestId { appendKnown("X-Request-Id: ", requestId, into: &buffer) }
        if let ifNoneMatch { appendKnown("If-None-Match: ", ifNoneMatch, into: &buffer) }
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

    /// Copies line `index` as it is (parsed lines are safe), or sanitised when the headers were built with unsafe bytes.
    @inline(__always)
    private static func copyLine(_ lines: HTTPHeaderLines, _ index: Int, checked: Bool, into buffer: inout [UInt8]) {
        if checked {
            HTTPSerializer.appendField(lines.name(index), lines.value(index), into: &buffer)
        } else {
            buffer.append(contentsOf: lines.line(index))
        }
    }

    /// Appends `value` to a comma-separated list kept as bytes.
    private static func appendListElement(_ value: UnsafeRawBufferPointer, to list: inout [UInt8]) {
        if !list.isEmpty { list.append(contentsOf: [0x2C, 0x20]) }
        list.append(contentsOf: value)
    }

    /// `Name: chain, last` (`prefix` is `Name: `), or `Name: last` for an empty chain, sanitised.
    private static func appendChain(_ prefix: StaticString, _ chain: [UInt8], _ last: String, into buffer: inout [UInt8]) {
        if chain.isEmpty {
            appendKnown(prefix, last, into: &buffer)
            return
        }
        var value = chain
        value.append(contentsOf: [0x2C, 0x20])
        value.append(contentsOf: last.utf8)
        appendKnown(prefix, String(decoding: value, as: UTF8.self), into: &buffer)
    }

    /// Whether line `index` stays on its own hop: a hop-by-hop field, or one the `Connection` field names.
    @inline(__always)
    private static func isDropped(_ lines: HTTPHeaderLines, _ index: Int, connectionNamed named: [Range<Int>]) -> Bool {
        if HopByHopHeaders.isHopByHop(lines, index) { return true }
        if named.isEmpty { return false }
        let name = lines.name(index)
        return named.contains { range in
            range.count == name.count && zip(lines.bytes[range], name).allSatisfy { a, b in lowered(a) == lowered(b) }
        }
    }

    @inline(__always)
    private static func lowered(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte | 0x20 : byte }

    @inline(__always)
    private static func isToken(_ byte: UInt8) -> Bool { HTTPSerializer.isToken(byte) }

    @inline(__always)
    private static func appendDecimal(_ value: Int, into buffer: inout [UInt8]) {
        HTTPSerializer.appendDecimal(value, into: &buffer)
    }

    /// The response fields for the client, as a list (what the edge cache stores): see `forEachResponseLine`.
    static func response(_ headers: HTTPHeaders, via: String, requestId: String) -> HTTPHeaders {
        var out = HTTPHeaders()
        headers.withLines { lines in
            let ending = forEachResponseLine(lines, via: via) { out.add(name: lines.name($0), value: lines.value($0)) }
            out.add("Via", ending.via)
            if !ending.hasRequestId { out.add("X-Request-Id", requestId) }
        }
        return out
    }

    /// Writes the response fields for the client straight into `buffer` as field lines (an `HTTPFieldWriter`), then
    /// `X-Cache` and `Strict-Transport-Security` when given. The backend's lines come from the strict parser (no CR, LF
    /// or NUL) and are copied as they are; the lines the edge adds are sanitised.
    static func writeResponse(_ headers: HTTPHeaders, via: String, requestId: String, cacheLabel: String?, hsts: String?,
                              into buffer: inout [UInt8]) {
        let checked = !headers.isWireSafe
        let ending = headers.withLines { lines in
            forEachResponseLine(lines, via: via) { copyLine(lines, $0, checked: checked, into: &buffer) }
        }
        appendKnown("Via: ", ending.via, into: &buffer)
        if !ending.hasRequestId { appendKnown("X-Request-Id: ", requestId, into: &buffer) }
        if let cacheLabel { appendKnown("X-Cache: ", cacheLabel, into: &buffer) }
        if let hsts { appendKnown("Strict-Transport-Security: ", hsts, into: &buffer) }
    }

    /// A line whose name is the edge's own (`prefix` is `Name: `), its value sanitised.
    @inline(__always)
    private static func appendKnown(_ prefix: StaticString, _ value: String, into buffer: inout [UInt8]) {
        buffer.append(contentsOf: UnsafeRawBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount))
        var value = value
        value.withUTF8 { HTTPSerializer.appendSanitized(UnsafeRawBufferPointer($0), into: &buffer) }
        buffer.append(0x0D)
        buffer.append(0x0A)
    }

    /// The response fields for the client, in order: the backend's lines (`keep` with each index) without the
    /// hop-by-hop ones, those its `Connection` names, its `Date` (the edge adds its own) and its `Content-Length` (the
    /// client connection frames the body). Returns what the caller adds after them: `Via` with the edge appended, and
    /// whether the backend echoed the request id (else the edge's goes out).
    @inline(__always)
    private static func forEachResponseLine(_ lines: HTTPHeaderLines, via: String,
                                            keep: (Int) -> Void) -> (via: String, hasRequestId: Bool) {
        let named = connectionNamed(lines)
        var viaChain: [UInt8] = []
        var hasRequestId = false
        for i in 0..<lines.count {
            if isDropped(lines, i, connectionNamed: named) { continue }
            switch lines.nameCount(i) {
            case 4 where lines.nameIs(i, "date"):
                continue
            case 3 where lines.nameIs(i, "via"):
                appendListElement(lines.value(i), to: &viaChain)
                continue
            case 12 where lines.nameIs(i, "x-request-id"):
                hasRequestId = true
            default:
                break
            }
            keep(i)
        }
        return (viaChain.isEmpty ? via : String(decoding: viaChain, as: UTF8.self) + ", " + via, hasRequestId)
    }

    /// The tokens the `Connection` lines name (other than `close` and `keep-alive`), as ranges of `lines.bytes`.
    private static func connectionNamed(_ lines: HTTPHeaderLines) -> [Range<Int>] {
        var named: [Range<Int>] = []
        for i in 0..<lines.count where lines.nameIs(i, "connection") {
            let value = lines.value(i)
            if HTTPHeaderLines.matches(value, "keep-alive") || HTTPHeaderLines.matches(value, "close") { continue }
            let base = value.baseAddress.map { $0 - lines.bytes.baseAddress! } ?? 0
            var start = 0
            for end in 0...value.count where end == value.count || value[end] == 0x2C {
                var lower = start, upper = end
                while lower < upper, value[lower] == 0x20 || value[lower] == 0x09 { lower += 1 }
                while upper > lower, value[upper - 1] == 0x20 || value[upper - 1] == 0x09 { upper -= 1 }
                let token = UnsafeRawBufferPointer(rebasing: value[lower..<upper])
                if !token.isEmpty, !HTTPHeaderLines.matches(token, "close"), !HTTPHeaderLines.matches(token, "keep-alive") {
                    named.append((base + lower)..<(base + upper))
                }
                start = end + 1
            }
        }
        return named
    }
}
