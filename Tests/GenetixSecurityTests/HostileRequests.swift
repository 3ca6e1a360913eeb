/// The hostile byte streams the worker and the balancer's edge are both checked with: request-smuggling variants,
/// each with the status a strict HTTP/1.1 server answers before closing.
enum HostileRequests {
    /// A request that must never be executed: it signs up `smuggled@example.com` (so the database shows it if it ran).
    static let smuggled: String = {
        let body = #"{"email": "smuggled@example.com", "password": "smuggled-pass-1"}"#
        return "POST /api/signup HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body
    }()

    /// One hostile request: the bytes, and the status a strict server answers (then it closes the connection).
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let bytes: [UInt8]
        let status: Int
        var description: String { name }

        init(_ name: String, _ text: String, status: Int) {
            self.name = name
            bytes = Array(text.utf8)
            self.status = status
        }

        init(_ name: String, bytes: [UInt8], status: Int) {
            self.name = name
            self.bytes = bytes
            self.status = status
        }
    }

    static func post(_ headers: String, body: String) -> String {
        "POST /api/login HTTP/1.1\r\nHost: a\r\n\(headers)\r\n\r\n\(body)"
    }

    /// Smuggling and framing attacks (each also carries `smuggled` where a confused parser would run it).
    static let smuggling: [Case] = [
        Case("CL.TE", post("Content-Length: 6\r\nTransfer-Encoding: chunked", body: "0\r\n\r\n" + smuggled), status: 400),
        Case("TE.CL", post("Transfer-Encoding: chunked\r\nContent-Length: 4", body: String(smuggled.utf8.count, radix: 16) + "\r\n" + smuggled + "\r\n0\r\n\r\n"), status: 400),
        Case("TE chunked, identity", post("Transfer-Encoding: chunked, identity", body: "0\r\n\r\n" + smuggled), status: 400),
        Case("TE identity then chunked lines + CL", post("Transfer-Encoding: identity\r\nTransfer-Encoding: chunked\r\nContent-Length: 3", body: "0\r\n\r\n"), status: 400),
        Case("TE tab + CL", post("Transfer-Encoding:\tchunked\r\nContent-Length: 6", body: "0\r\n\r\n" + smuggled), status: 400),
        Case("TE space before colon", post("Transfer-Encoding : chunked", body: "0\r\n\r\n" + smuggled), status: 400),
        Case("TE obs-fold", post("Transfer-Encoding: identity\r\n chunked", body: "0\r\n\r\n" + smuggled), status: 400),
        Case("TE xchunked", post("Transfer-Encoding: xchunked", body: "0\r\n\r\n" + smuggled), status: 400),
        Case("TE chunked twice", post("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked", body: "0\r\n\r\n" + smuggled), status: 400),
        Case("TE vertical tab", post("Transfer-Encoding:\u{0B}chunked", body: "0\r\n\r\n" + smuggled), status: 400),
        Case("duplicate CL, different", post("Content-Length: 0\r\nContent-Length: 61", body: smuggled), status: 400),
        Case("CL list", post("Content-Length: 0, 61", body: smuggled), status: 400),
        Case("CL plus sign", post("Content-Length: +0", body: smuggled), status: 400),
        Case("CL negative", post("Content-Length: -1", body: smuggled), status: 400),
        Case("CL overflow", post("Content-Length: 99999999999999999999999", body: smuggled), status: 400),
        Case("chunk size overflow", post("Transfer-Encoding: chunked", body: "ffffffffffffffffff1\r\nx\r\n0\r\n\r\n" + smuggled), status: 400),
        Case("chunk size 2^64", post("Transfer-Encoding: chunked", body: "10000000000000000\r\nx\r\n0\r\n\r\n" + smuggled), status: 400),
        Case("chunk size with 0x", post("Transfer-Encoding: chunked", body: "0x5\r\nhello\r\n0\r\n\r\n" + smuggled), status: 400),
        Case("chunk without CRLF after data", post("Transfer-Encoding: chunked", body: "5\r\nhelloXX0\r\n\r\n" + smuggled), status: 400),
        Case("chunk size bare LF", post("Transfer-Encoding: chunked", body: "5\nhello\r\n0\r\n\r\n" + smuggled), status: 400),
        Case("NUL in header value", post("X-Note: a\u{0}b\r\nContent-Length: 0", body: smuggled), status: 400),
        Case("NUL in target", "GET /he\u{0}althz HTTP/1.1\r\nHost: a\r\n\r\n" + smuggled, status: 400),
        Case("bare CR in header", post("X-Note: a\rContent-Length: 0", body: smuggled), status: 400),
        Case("bare LF line endings", "GET /healthz HTTP/1.1\nHost: a\n\n" + smuggled, status: 400),
        Case("bare CR line ending", "GET /healthz HTTP/1.1\rHost: a\r\n\r\n" + smuggled, status: 400),
        Case("space in header name", post("Content Length: 0", body: smuggled), status: 400),
        Case("missing Host on 1.1", "GET /healthz HTTP/1.1\r\n\r\n" + smuggled, status: 400),
        Case("two Hosts", "GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n" + smuggled, status: 400),
        Case("HTTP/2 preface on 1.1 port", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", status: 505),
    ]

    /// Oversized parts against the default limits (8 KiB request line, 32 KiB header block, 1 MiB body).
    static let oversized: [Case] = [
        Case("request line of 9 KiB", "GET /" + String(repeating: "a", count: 9 * 1024) + " HTTP/1.1\r\nHost: a\r\n\r\n", status: 431),
        Case("one header of 40 KiB", "GET /healthz HTTP/1.1\r\nHost: a\r\nX-Big: " + String(repeating: "b", count: 40 * 1024) + "\r\n\r\n", status: 431),
        Case("101 headers", "GET /healthz HTTP/1.1\r\nHost: a\r\n" + (0..<101).map { "X-H\($0): v\r\n" }.joined() + "\r\n", status: 431),
        Case("declared 2 MiB body", post("Content-Type: application/json\r\nContent-Length: 2097152", body: "{"), status: 413),
        Case("chunked body over 1 MiB", post("Transfer-Encoding: chunked", body: "100001\r\n" + String(repeating: "c", count: 0x100001) + "\r\n0\r\n\r\n"), status: 413),
    ]
}
