import GenetixCore

/// A whole request as a handler sees it: head, body, and where it came from.
public struct HTTPRequest: Sendable {
    public var head: HTTPRequestHead
    public var body: [UInt8]
    /// The peer's address.
    public var remote: SocketAddress?
    /// Whether it arrived over TLS.
    public var isTLS: Bool
    /// Path parameters filled in by the router (`/kits/{id}` → `["id": "42"]`).
    public var pathParameters: [String: String] = [:]

    public init(head: HTTPRequestHead, body: [UInt8] = [], remote: SocketAddress? = nil, isTLS: Bool = false) {
        self.head = head
        self.body = body
        self.remote = remote
        self.isTLS = isTLS
    }

    public var method: String { head.method }
    public var path: Substring { head.path }
    public var headers: HTTPHeaders { head.headers }

    /// Decoded query parameters (first value wins).
    public var query: [String: String] { QueryString.parse(head.query ?? "") }
}

/// A whole response: status, headers and body. `Content-Length`, `Date` and `Connection` are added by the server.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: Int = 200, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response of an Encodable value, encoded with the project's coders. A value JSON cannot express (a NaN,
    /// an infinity) is logged (`JSONEncodingFailure.report`) and answered 500 with a JSON error: never a trap.
    public static func json(_ value: some Encodable, status: Int = 200, pretty: Bool = false) -> HTTPResponse {
        do {
            return HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: try GenetixJSON.tryEncode(value, pretty: pretty))
        } catch {
            error.report()
            return HTTPResponse(status: 500, headers: ["Content-Type": "application/json"], body: Self.encodingFailureBody)
        }
    }

    /// The body of the 500 above, written out so that it cannot fail itself.
    static let encodingFailureBody = Array(#"{"error":{"code":"internal_error","message":"the answer could not be encoded as JSON; it has been logged"}}"#.utf8)

    /// A plain-text response.
    public static func text(_ text: String, status: Int = 200, contentType: String = "text/plain; charset=utf-8") -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": contentType], body: Array(text.utf8))
    }
}

/// Percent-decoding of query strings.
public enum QueryString {
    /// Parses `a=1&b=two%20words` into a dictionary; the first value of a repeated key wins.
    public static func parse(_ query: some StringProtocol) -> [String: String] {
        var result: [String: String] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decode(parts[0])
            let value = parts.count > 1 ? decode(parts[1]) : ""
            if result[key] == nil { result[key] = value }
        }
        return result
    }

    /// Decodes `%XX` and `+`.
    public static func decode(_ text: some StringProtocol) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var it = Array(text.utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "+") { bytes.append(0x20) }
            else if b == UInt8(ascii: "%"), it.count >= 2, let h = hex(it[it.startIndex]), let l = hex(it[it.startIndex + 1]) {
                bytes.append(h << 4 | l)
                it = it.dropFirst(2)
            } else { bytes.append(b) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Encodes a value for a query string.
    public static func encode(_ text: String) -> String {
        var out = ""
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                out += "%" + String(b, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 65...70: c - 55
        case 97...102: c - 87
        default: nil
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
