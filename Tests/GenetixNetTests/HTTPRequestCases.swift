import GenetixNet

/// One expected request in a conformance case.
struct ExpectedRequest: Sendable {
    var method: String
    var target: String
    var version: HTTPVersion = .http1_1
    var headerCount: Int?
    var field: (name: String, value: String)?
    var body: String = ""
    var framing: HTTPBodyFraming?
    var keepAlive: Bool?
    var trailer: (name: String, value: String)?
}

/// A conformance case: raw bytes in, the requests or the rejection (by `HTTPParseError` case name) out.
/// Ported from nodejs/llhttp test/request/*.md and aws/http-desync-guardian tests/*.yaml; where an original HTTP/1.1
/// case had no Host field, `Host: a` was added, since this parser requires one.
struct RequestCase: Sendable, CustomStringConvertible {
    enum Outcome: Sendable {
        case requests([ExpectedRequest])
        case rejected(String)

        static func ok(_ requests: ExpectedRequest...) -> Outcome { .requests(requests) }
    }
    var name: String
    var raw: String
    var outcome: Outcome
    var limits = HTTPLimits()

    var description: String { name }
    var bytes: [UInt8] { Array(raw.utf8) }

    init(_ name: String, _ raw: String, _ outcome: Outcome, limits: HTTPLimits = HTTPLimits()) {
        self.name = name
        self.raw = raw
        self.outcome = outcome
        self.limits = limits
    }

    static func get(_ target: String = "/", _ version: HTTPVersion = .http1_1) -> ExpectedRequest {
        ExpectedRequest(method: "GET", target: target, version: version)
    }
}

private let chunkedHead = "POST /chunked HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
private let small = HTTPLimits(maxRequestLineBytes: 32, maxHeaderBytes: 64, maxHeaderCount: 3, maxBodyBytes: 10)

/// Requests that must parse.
let acceptedRequestCases: [RequestCase] = [
    RequestCase("llhttp sample: curl GET", "GET /test HTTP/1.1\r\nUser-Agent: curl/7.18.0 (i486-pc-linux-gnu) libcurl/7.18.0 OpenSSL/0.9.8g zlib/1.2.3.3 libidn/1.1\r\nHost: 0.0.0.0=5000\r\nAccept: */*\r\n\r\n",
                .ok(ExpectedRequest(method: "GET", target: "/test", headerCount: 3, field: ("Accept", "*/*"), framing: HTTPBodyFraming.none, keepAlive: true))),
    RequestCase("llhttp sample: firefox GET", "GET /favicon.ico HTTP/1.1\r\nHost: 0.0.0.0=5000\r\nUser-Agent: Mozilla/5.0 (X11; U; Linux i686; en-US; rv:1.9) Gecko/2008061015 Firefox/3.0\r\nAccept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\nAccept-Language: en-us,en;q=0.5\r\nAccept-Encoding: gzip,deflate\r\nAccept-Charset: ISO-8859-1,utf-8;q=0.7,*;q=0.7\r\nKeep-Alive: 300\r\nConnection: keep-alive\r\n\r\n",
                .ok(ExpectedRequest(method: "GET", target: "/favicon.ico", headerCount: 8, field: ("Keep-Alive", "300"), keepAlive: true))),
    RequestCase("llhttp sample: dumbpack", "GET /dumbpack HTTP/1.1\r\nHost: a\r\naaaaaaaaaaaaa:++++++++++\r\n\r\n",
                .ok(ExpectedRequest(method: "GET", target: "/dumbpack", field: ("aaaaaaaaaaaaa", "++++++++++")))),
    RequestCase("llhttp sample: fragment in URI", "GET /forums/1/topics/2375?page=1#posts-17408 HTTP/1.1\r\nHost: a\r\n\r\n",
                .ok(RequestCase.get("/forums/1/topics/2375?page=1#posts-17408"))),
    RequestCase("llhttp sample: no headers no body", "GET /get_no_headers_no_body/world HTTP/1.1\r\nHost: a\r\n\r\n",
                .ok(RequestCase.get("/get_no_headers_no_body/world"))),
    RequestCase("llhttp sample: HTTP/1.0 without Host", "GET /get_one_header_no_body HTTP/1.0\r\nAccept: */*\r\n\r\n",
                .ok(ExpectedRequest(method: "GET", target: "/get_one_header_no_body", version: .http1_0, headerCount: 1, keepAlive: false))),
    RequestCase("llhttp connection: HTTP/1.0 keep-alive", "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
                .ok(ExpectedRequest(method: "GET", target: "/", version: .http1_0, keepAlive: true))),
    RequestCase("llhttp connection: HTTP/1.1 close", "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
                .ok(ExpectedRequest(method: "GET", target: "/", keepAlive: false))),
    RequestCase("llhttp connection: Close is case-insensitive", "GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\n",
                .ok(ExpectedRequest(method: "GET", target: "/", keepAlive: false))),
    RequestCase("llhttp connection: keep-alive, close list", "GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, close\r\n\r\n",
                .ok(ExpectedRequest(method: "GET", target: "/", keepAlive: false))),
    RequestCase("llhttp connection: HTTP/1.0 close wins over keep-alive", "GET / HTTP/1.0\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n",
                .ok(ExpectedRequest(method: "GET", target: "/", version: .http1_0, keepAlive: false))),
    RequestCase("llhttp content-length: POST identity body", "POST /post_identity_body_world?q=search HTTP/1.1\r\nHost: a\r\nAccept: */*\r\nContent-Length: 5\r\n\r\nWorld",
                .ok(ExpectedRequest(method: "POST", target: "/post_identity_body_world?q=search", body: "World", framing: .contentLength(5)))),
    RequestCase("llhttp content-length: zero", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n",
                .ok(ExpectedRequest(method: "POST", target: "/", body: "", framing: .contentLength(0)))),
    RequestCase("llhttp content-length: leading zeros", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 003\r\n\r\nabc",
                .ok(ExpectedRequest(method: "POST", target: "/", body: "abc", framing: .contentLength(3)))),
    RequestCase("identical repeated Content-Length is merged", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
                .ok(ExpectedRequest(method: "POST", target: "/", headerCount: 3, body: "hello", framing: .contentLength(5)))),
    RequestCase("llhttp te: chunks with lowercase size", chunkedHead + "a\r\n0123456789\r\n0\r\n\r\n",
                .ok(ExpectedRequest(method: "POST", target: "/chunked", body: "0123456789", framing: .chunked))),
    RequestCase("llhttp te: chunks with uppercase size", chunkedHead + "A\r\n0123456789\r\n0\r\n\r\n",
                .ok(ExpectedRequest(method: "POST", target: "/chunked", body: "0123456789"))),
    RequestCase("llhttp te: all your base", "POST /post_chunked_all_your_base HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1e\r\nall your base are belong to us\r\n0\r\n\r\n",
                .ok(ExpectedRequest(method: "POST", target: "/post_chunked_all_your_base", body: "all your base are belong to us"))),
    RequestCase("llhttp te: two chunks and triple zero end", chunkedHead + "5\r\nhello\r\n6\r\n world\r\n000\r\n\r\n",
                .ok(ExpectedRequest(method: "POST", target: "/chunked", body: "hello world"))),
    RequestCase("llhttp te: trailing headers", chunkedHead + "5\r\nhello\r\n6\r\n world\r\n0\r\nVary: *\r\nContent-Type: text/plain\r\n\r\n",
                .ok(ExpectedRequest(method: "POST", target: "/chunked", body: "hello world", trailer: ("Content-Type", "text/plain")))),
    RequestCase("llhttp te: chunk extensions", chunkedHead + "5;ilovew3;somuchlove=aretheseparametersfor;another=withvalue\r\nhello\r\n6;blahblah;blah\r\n world\r\n0\r\n\r\n",
                .ok(ExpectedRequest(method: "POST", target: "/chunked", body: "hello world"))),
    RequestCase("llhttp te: quoted chunk extensions", chunkedHead + "5;ilovew3=\"I \\\"love\\\"; \\\\extensions\\\\\";somuchlove=\"aretheseparametersfor\";blah;foo=bar\r\nhello\r\n6;blahblah;blah\r\n world\r\n0\r\n\r\n",
                .ok(ExpectedRequest(method: "POST", target: "/chunked", body: "hello world"))),
    RequestCase("chunk extension with BWS (RFC 9112 §7.1.1)", chunkedHead + "5 ; a = b\r\nhello\r\n0\r\n\r\n",
                .ok(ExpectedRequest(method: "POST", target: "/chunked", body: "hello"))),
    RequestCase("desync-guardian: Transfer-Encoding value case-insensitive", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: CHUNKED\r\n\r\n0\r\n\r\n",
                .ok(ExpectedRequest(method: "POST", target: "/", framing: .chunked))),
    RequestCase("desync-guardian: Transfer-Encoding with OWS", "POST / HTTP/1.1\r\nHost: a\r\ntransfer-encoding:\tchunked \r\n\r\n1\r\nx\r\n0\r\n\r\n",
                .ok(ExpectedRequest(method: "POST", target: "/", body: "x", framing: .chunked))),
    RequestCase("RFC 9112 §2.2: empty lines before the request line", "\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", .ok(RequestCase.get())),
    RequestCase("llhttp method: OPTIONS *", "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", .ok(ExpectedRequest(method: "OPTIONS", target: "*"))),
    RequestCase("llhttp method: CONNECT authority-form", "CONNECT home.netscape.com:443 HTTP/1.1\r\nHost: home.netscape.com:443\r\n\r\n",
                .ok(ExpectedRequest(method: "CONNECT", target: "home.netscape.com:443"))),
    RequestCase("llhttp uri: absolute-form", "GET http://hypnotoad.org?hail=all HTTP/1.1\r\nHost: hypnotoad.org\r\n\r\n",
                .ok(RequestCase.get("http://hypnotoad.org?hail=all"))),
    RequestCase("llhttp method: PATCH", "PATCH /file.txt HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi",
                .ok(ExpectedRequest(method: "PATCH", target: "/file.txt", body: "hi"))),
    RequestCase("llhttp method: extension method token", "PURGE /cache HTTP/1.1\r\nHost: a\r\n\r\n", .ok(ExpectedRequest(method: "PURGE", target: "/cache"))),
    RequestCase("llhttp method: M-SEARCH", "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nST: \"ssdp:all\"\r\n\r\n",
                .ok(ExpectedRequest(method: "M-SEARCH", target: "*", field: ("MAN", "\"ssdp:discover\"")))),
    RequestCase("field value with obs-text", "GET / HTTP/1.1\r\nHost: a\r\nX-Name: caf\u{e9}\r\n\r\n",
                .ok(ExpectedRequest(method: "GET", target: "/", field: ("X-Name", "caf\u{e9}")))),
    RequestCase("field value with inner HTAB, OWS trimmed", "GET / HTTP/1.1\r\nHost: a\r\nX-Tab:\t a\tb \t\r\n\r\n",
                .ok(ExpectedRequest(method: "GET", target: "/", field: ("X-Tab", "a\tb")))),
    RequestCase("empty field value", "GET / HTTP/1.1\r\nHost: a\r\nX-Empty:\r\n\r\n", .ok(ExpectedRequest(method: "GET", target: "/", field: ("X-Empty", "")))),
    RequestCase("empty Host value is allowed", "GET / HTTP/1.1\r\nHost:\r\n\r\n", .ok(ExpectedRequest(method: "GET", target: "/", field: ("Host", "")))),
    RequestCase("llhttp pipelining: two GETs", "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n",
                .ok(RequestCase.get("/1"), RequestCase.get("/2"))),
    RequestCase("llhttp pipelining: POST then GET", "POST /aaa HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nAAAGET /bbb HTTP/1.1\r\nHost: a\r\n\r\n",
                .ok(ExpectedRequest(method: "POST", target: "/aaa", body: "AAA"), RequestCase.get("/bbb"))),
    RequestCase("pipelining: chunked then GET then HEAD", chunkedHead + "3\r\nabc\r\n0\r\n\r\nGET /x HTTP/1.1\r\nHost: a\r\n\r\nHEAD /y HTTP/1.0\r\n\r\n",
                .ok(ExpectedRequest(method: "POST", target: "/chunked", body: "abc"), RequestCase.get("/x"), ExpectedRequest(method: "HEAD", target: "/y", version: .http1_0))),
    RequestCase("desync-guardian: Transfer_Encoding is just another field", "POST / HTTP/1.1\r\nHost: a\r\nTransfer_Encoding: chunked\r\nContent-Length: 1\r\n\r\nx",
                .ok(ExpectedRequest(method: "POST", target: "/", body: "x", framing: .contentLength(1)))),
    RequestCase("limits: exactly at the request line limit", "GET /" + String(repeating: "a", count: 17) + " HTTP/1.1\r\nHost: a\r\n\r\n",
                .ok(RequestCase.get("/" + String(repeating: "a", count: 17))), limits: small),
    RequestCase("limits: body exactly at the limit", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789",
                .ok(ExpectedRequest(method: "POST", target: "/", body: "0123456789")), limits: small),
]

/// Requests that must be rejected, with the `HTTPParseError` case expected.
let rejectedRequestCases: [RequestCase] = [
    RequestCase("llhttp invalid: ICE protocol", "GET /music/sweet/music ICE/1.0\r\nHost: example.com\r\n\r\n", .rejected("invalidRequestLine")),
    RequestCase("llhttp invalid: IHTTP", "GET /music/sweet/music IHTTP/1.0\r\nHost: example.com\r\n\r\n", .rejected("invalidRequestLine")),
    RequestCase("llhttp invalid: RTSP protocol", "PUT /music/sweet/music RTSP/1.0\r\nHost: example.com\r\n\r\n", .rejected("invalidRequestLine")),
    RequestCase("llhttp invalid: HTTP/5.6", "GET / HTTP/5.6\r\n\r\n", .rejected("unsupportedVersion")),
    RequestCase("HTTP/2.0 in an HTTP/1 request line", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", .rejected("unsupportedVersion")),
    RequestCase("HTTP/1.2", "GET / HTTP/1.2\r\nHost: a\r\n\r\n", .rejected("unsupportedVersion")),
    RequestCase("HTTP/0.9 style version", "GET / HTTP/0.9\r\n\r\n", .rejected("unsupportedVersion")),
    RequestCase("lowercase http/1.1", "GET / http/1.1\r\nHost: a\r\n\r\n", .rejected("invalidRequestLine")),
    RequestCase("two-digit major version", "GET / HTTP/11.1\r\nHost: a\r\n\r\n", .rejected("invalidRequestLine")),
    RequestCase("space after the version", "GET / HTTP/1.1 \r\nHost: a\r\n\r\n", .rejected("invalidRequestLine")),
    RequestCase("HTTP/0.9 request without version", "GET /\r\n\r\n", .rejected("invalidRequestLine")),
    RequestCase("llhttp invalid: headers separated by CR", "GET / HTTP/1.1\r\nHost: a\r\nFoo: 1\rBar: 2\r\n\r\n", .rejected("invalidHeader")),
    RequestCase("llhttp invalid: headers separated by LF", "POST / HTTP/1.1\r\nHost: localhost:5000\r\nx:x\nTransfer-Encoding: chunked\r\n\r\n1\r\nA\r\n0\r\n\r\n", .rejected("invalidHeader")),
    RequestCase("llhttp invalid: headers separated by dummy characters", "GET / HTTP/1.1\r\nConnection: close\r\nHost: a\r\n\rZGET /evil: HTTP/1.1\r\nHost: a\r\n\r\n", .rejected("invalidHeader")),
    RequestCase("llhttp invalid: empty headers separated by CR", "POST / HTTP/1.1\r\nHost: localhost:5000\r\nx:\rTransfer-Encoding: chunked\r\n\r\n1\r\nA\r\n0\r\n\r\n", .rejected("invalidHeader")),
    RequestCase("llhttp invalid: empty headers separated by LF", "POST / HTTP/1.1\r\nHost: localhost:5000\r\nx:\nTransfer-Encoding: chunked\r\n\r\n1\r\nA\r\n0\r\n\r\n", .rejected("invalidHeader")),
    RequestCase("llhttp invalid: header token #1 (@)", "GET / HTTP/1.1\r\nHost: a\r\nFo@: Failure\r\n\r\n", .rejected("invalidHeader")),
    RequestCase("llhttp invalid: header token #2 (\\x01)", "GET / HTTP/1.1\r\nHost: a\r\nFoo\u{01}test: Bar\r\n\r\n", .rejected("invalidHeader")),
    RequestCase("llhttp invalid: header token #3 (empty name)", "GET / HTTP/1.1\r\nHost: a\r\n: Bar\r\n\r\n", .rejected("invalidHeader")),
    RequestCase("llhttp invalid: field name line folding", "GET / HTTP/1.1\r\nHost: a\r\nname\r\n : value\r\n\r\n", .rejected("invalidHeader")),
    RequestCase("llhttp invalid: corrupted Connection header", "GET / HTTP/1.1\r\nHost: www.example.com\r\nConnection\r\u{1b}\u{35}\u{d5}eep-Alive\r\nAccept-Encoding: gzip\r\n\r\n", .rejected("invalidHeader")),
    RequestCase("llhttp invalid: missing CR between headers", "GET / HTTP/1.1\r\nHost: localhost\r\nDummy: x\nContent-Length: 23\r\n\r\nGET / HTTP/1.1\r\nDummy: GET /admin HTTP/1.1\r\nHost: localhost\r\n\r\n", .rejected("invalidHeader")),
    RequestCase("llhttp invalid: space after start line", "GET / HTTP/1.1\r\n Host: foo\r\n\r\n", .rejected("invalidHeader")),
    RequestCase("llhttp invalid: only LFs", "POST / HTTP/1.1\nTransfer-Encoding: chunked\n\n1\nA\n0\n\n", .rejected("invalidRequestLine")),
    RequestCase("llhttp invalid: spaces before headers (obs-fold)", "POST /hello HTTP/1.1\r\nHost: localhost\r\nFoo: bar\r\n Content-Length: 38\r\n\r\nGET /bye HTTP/1.1\r\nHost: localhost\r\n\r\n", .rejected("invalidHeader")),
    RequestCase("obs-fold with HTAB", "GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n\tb\r\n\r\n", .rejected("invalidHeader")),
    RequestCase("bare LF ends the request line", "GET / HTTP/1.1\nHost: a\r\n\r\n", .rejected("invalidRequestLine")),
    RequestCase("bare CR in the request line", "GET /\r HTTP/1.1\r\nHost: a\r\n\r\n", .rejected("invalidRequestLine")),
    RequestCase("bare LF ends the header block", "GET / HTTP/1.1\r\nHost: a\r\n\n", .rejected("invalidHeader")),
    RequestCase("llhttp te: empty Transfer-Encoding with Content-Length", "POST /first HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\nContent-Length: 5\r\n\r\nhello", .rejected("ambiguousFraming")),
    RequestCase("llhttp te: pigeons", "PUT /url HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: pigeons\r\n\r\n", .rejected("ambiguousFraming")),
    RequestCase("llhttp te: identity with Content-Length", "POST /post_identity_body_world?q=search#hey HTTP/1.1\r\nHost: a\r\nAccept: */*\r\nTransfer-Encoding: identity\r\nContent-Length: 5\r\n\r\nWorld", .rejected("ambiguousFraming")),
    RequestCase("llhttp te: chunked with Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n", .rejected("ambiguousFraming")),
    RequestCase("desync-guardian: Content-Length before Transfer-Encoding", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", .rejected("ambiguousFraming")),
    RequestCase("llhttp te: gzip, chunked (unsupported coding)", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", .rejected("ambiguousFraming")),
    RequestCase("llhttp te: chunked not last", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, deflate\r\n\r\n0\r\n\r\n", .rejected("ambiguousFraming")),
    RequestCase("desync-guardian: multiple Transfer-Encoding: chunked lines", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", .rejected("ambiguousFraming")),
    RequestCase("desync-guardian: Transfer-Encoding: chunked,chunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked,chunked\r\n\r\n0\r\n\r\n", .rejected("ambiguousFraming")),
    RequestCase("desync-guardian: Transfer-Encoding: xchunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n", .rejected("ambiguousFraming")),
    RequestCase("desync-guardian: Transfer-Encoding: chunked\\x11", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\u{11}\r\n\r\n0\r\n\r\n", .rejected("invalidHeader")),
    RequestCase("Transfer-Encoding with empty list element", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: ,chunked\r\n\r\n0\r\n\r\n", .rejected("ambiguousFraming")),
    RequestCase("Transfer-Encoding in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", .rejected("ambiguousFraming")),
    RequestCase("desync-guardian: Transfer-Encoding[white-space]", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", .rejected("invalidHeader")),
    RequestCase("desync-guardian: Content-Length[white-space]", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length : 100\r\nContent-Length: 1000\r\n\r\n", .rejected("invalidHeader")),
    RequestCase("desync-guardian: [white-space]Content-Length first field", "POST / HTTP/1.1\r\n Content-Length: 100\r\nHost: a\r\n\r\n", .rejected("invalidHeader")),
    RequestCase("desync-guardian: multiple differing Content-Length", "POST /foo/bar HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\nContent-Length: 100\r\n\r\n", .rejected("ambiguousFraming")),
    RequestCase("desync-guardian: Content-Length: 1000,1000", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000,1000\r\n\r\n", .rejected("invalidContentLength")),
    RequestCase("desync-guardian: Content-Length: 1000 1000", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000 1000\r\n\r\n", .rejected("invalidContentLength")),
    RequestCase("desync-guardian: Content-Length: 1000.1000", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000.1000\r\n\r\n", .rejected("invalidContentLength")),
    RequestCase("desync-guardian: Content-Length 64-bit overflow", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 18446744073709551616\r\n\r\n", .rejected("invalidContentLength")),
    RequestCase("llhttp content-length: negative", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", .rejected("invalidContentLength")),
    RequestCase("Content-Length with plus sign", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\nhello", .rejected("invalidContentLength")),
    RequestCase("empty Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n", .rejected("invalidContentLength")),
    RequestCase("hex Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x10\r\n\r\n", .rejected("invalidContentLength")),
    RequestCase("desync-guardian: Content-Length: 1000\\x11", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\u{11}\r\n\r\n", .rejected("invalidHeader")),
    RequestCase("desync-guardian: \\0 in value", "POST / HTTP/1.1\r\nHost: a\r\nSome-Bad-Header: value\u{0}content-length: 1000\r\n\r\n", .rejected("invalidHeader")),
    RequestCase("desync-guardian: \\0 at the start of a line", "POST / HTTP/1.1\r\nHost: a\r\n\u{0}Some-Bad-Header: value\r\n\r\n", .rejected("invalidHeader")),
    RequestCase("desync-guardian: \\0 at the end of a value", "POST / HTTP/1.1\r\nHost: a\r\nSome-Bad-Header: value\u{0}\r\n\r\n", .rejected("invalidHeader")),
    RequestCase("desync-guardian: \\0 in name", "POST / HTTP/1.1\r\nHost: a\r\nSome-Bad-Header\u{0}: 1000\r\n\r\n", .rejected("invalidHeader")),
    RequestCase("desync-guardian: \\r in value", "POST / HTTP/1.1\r\nHost: a\r\nSome-Bad-Header: value\rcontent-length: 1000\r\nContent-Length: 100\r\n\r\n", .rejected("invalidHeader")),
    RequestCase("desync-guardian: \\n in value", "POST / HTTP/1.1\r\nHost: a\r\nSome-Bad-Header: value\n content-length: 1000\r\n\r\n", .rejected("invalidHeader")),
    RequestCase("DEL in a field value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\u{7f}b\r\n\r\n", .rejected("invalidHeader")),
    RequestCase("desync-guardian: bad method with \\x01", "bad_method\u{01} /foo/bar HTTP/1.1\r\nHost: localhost\r\n\r\n", .rejected("invalidRequestLine")),
    RequestCase("method with a non-token character", "GE@T / HTTP/1.1\r\nHost: a\r\n\r\n", .rejected("invalidRequestLine")),
    RequestCase("HTAB between method and target", "GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n", .rejected("invalidRequestLine")),
    RequestCase("two spaces after the method", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", .rejected("invalidRequestLine")),
    RequestCase("leading space before the method", " GET / HTTP/1.1\r\nHost: a\r\n\r\n", .rejected("invalidRequestLine")),
    RequestCase("space inside the target", "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", .rejected("invalidRequestLine")),
    RequestCase("control character in the target", "GET /a\u{1}b HTTP/1.1\r\nHost: a\r\n\r\n", .rejected("invalidRequestLine")),
    RequestCase("non-ASCII byte in the target", "GET /caf\u{e9} HTTP/1.1\r\nHost: a\r\n\r\n", .rejected("invalidRequestLine")),
    RequestCase("HTTP/1.1 without Host", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", .rejected("invalidHeader")),
    RequestCase("two Host fields", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", .rejected("invalidHeader")),
    RequestCase("two Host fields in HTTP/1.0", "GET / HTTP/1.0\r\nHost: a\r\nhost: a\r\n\r\n", .rejected("invalidHeader")),
    RequestCase("too many empty lines before the request line", String(repeating: "\r\n", count: 9) + "GET / HTTP/1.1\r\nHost: a\r\n\r\n", .rejected("invalidRequestLine")),
    RequestCase("llhttp te: no semicolon before chunk extensions", chunkedHead + "2 erfrferferf\r\naa\r\n0 rrrr\r\n\r\n", .rejected("invalidChunk")),
    RequestCase("llhttp te: no extension after semicolon", chunkedHead + "2;\r\naa\r\n0\r\n\r\n", .rejected("invalidChunk")),
    RequestCase("llhttp te: unbalanced chunk extension quoting", chunkedHead + "5;ilovew3=\"abc\";somuchlove=\"def; ghi\r\nhello\r\n0\r\n\r\n", .rejected("invalidChunk")),
    RequestCase("chunk extension with = but no value", chunkedHead + "5;a=\r\nhello\r\n0\r\n\r\n", .rejected("invalidChunk")),
    RequestCase("non-hex chunk size", chunkedHead + "zz\r\nhello\r\n0\r\n\r\n", .rejected("invalidChunk")),
    RequestCase("negative chunk size", chunkedHead + "-1\r\nhello\r\n0\r\n\r\n", .rejected("invalidChunk")),
    RequestCase("llhttp te: chunk size overflow (17 digits)", chunkedHead + "1ffffffffffffffff\r\nhello\r\n0\r\n\r\n", .rejected("invalidChunk")),
    RequestCase("chunk size over Int.max", chunkedHead + "ffffffffffffffff\r\nhello\r\n0\r\n\r\n", .rejected("invalidChunk")),
    RequestCase("empty chunk size", chunkedHead + "\r\nhello\r\n0\r\n\r\n", .rejected("invalidChunk")),
    RequestCase("llhttp te: chunk data longer than its size", chunkedHead + "3\r\nhello\r\n0\r\n\r\n", .rejected("invalidChunk")),
    RequestCase("chunk data followed by LF only", chunkedHead + "5\r\nhello\n0\r\n\r\n", .rejected("invalidChunk")),
    RequestCase("chunk size line ending in bare LF", chunkedHead + "5\nhello\r\n0\r\n\r\n", .rejected("invalidChunk")),
    RequestCase("chunk size line with bare CR", chunkedHead + "5\rhello\r\n0\r\n\r\n", .rejected("invalidChunk")),
    RequestCase("chunk line with extensions over 4096 bytes", chunkedHead + "1;x=" + String(repeating: "y", count: 4100) + "\r\nA\r\n0\r\n\r\n", .rejected("invalidChunk")),
    RequestCase("trailer with obs-fold", chunkedHead + "0\r\nA: b\r\n c\r\n\r\n", .rejected("invalidHeader")),
    RequestCase("trailer with Content-Length", chunkedHead + "0\r\nContent-Length: 5\r\n\r\n", .rejected("ambiguousFraming")),
    RequestCase("trailer with bare LF", chunkedHead + "0\r\nA: b\n\r\n", .rejected("invalidHeader")),
    RequestCase("limits: request line too long", "GET /" + String(repeating: "a", count: 40) + " HTTP/1.1\r\nHost: a\r\n\r\n", .rejected("requestLineTooLong"), limits: small),
    RequestCase("limits: header block too large", "GET / HTTP/1.1\r\nHost: a\r\nX-Long: " + String(repeating: "v", count: 60) + "\r\n\r\n", .rejected("headersTooLarge"), limits: small),
    RequestCase("limits: too many header fields", "GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", .rejected("tooManyHeaders"), limits: small),
    RequestCase("limits: declared body too large", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n", .rejected("bodyTooLarge"), limits: small),
    RequestCase("limits: chunked body too large", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n5\r\nghijk\r\n0\r\n\r\n", .rejected("bodyTooLarge"), limits: small),
    RequestCase("limits: trailers too large", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: " + String(repeating: "t", count: 70) + "\r\n\r\n", .rejected("headersTooLarge"), limits: small),
    RequestCase("truncated body at EOF", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc", .rejected("truncated")),
    RequestCase("truncated head at EOF", "GET / HTTP/1.1\r\nHost: a\r\n", .rejected("truncated")),
    RequestCase("truncated chunked body at EOF", chunkedHead + "5\r\nhel", .rejected("truncated")),
]
