import GenetixCrypto
import GenetixNet

/// One file of the static site, with its pre-computed strong ETag (the SHA-256 of its bytes) and cache headers.
public struct StaticAsset: Sendable {
    public let path: String
    public let contentType: String
    public let body: [UInt8]
    /// `"<64 hex>"`, quoted as HTTP requires.
    public let etag: String
    private let okHeaders: HTTPHeaders
    private let notModifiedHeaders: HTTPHeaders

    public static let cacheControl = "public, max-age=300"

    public init(path: String, contentType: String, text: String) {
        self.path = path
        self.contentType = contentType
        body = Array(text.utf8)
        etag = "\"" + Hex.encode(SHA256.hash(body)) + "\""
        okHeaders = ["Content-Type": contentType, "Cache-Control": Self.cacheControl, "ETag": etag]
        notModifiedHeaders = ["Cache-Control": Self.cacheControl, "ETag": etag]
    }

    /// 200 with the body, or 304 when `If-None-Match` names this ETag (or `*`).
    public func response(to request: HTTPRequest) -> HTTPResponse {
        if let condition = request.headers["If-None-Match"], matches(condition) {
            return HTTPResponse(status: 304, headers: notModifiedHeaders)
        }
        return HTTPResponse(status: 200, headers: okHeaders, body: body)
    }

    /// If-None-Match uses the weak comparison: `W/` prefixes are ignored.
    private func matches(_ condition: String) -> Bool {
        for part in condition.split(separator: ",") {
            var tag = part.trimmingSpaces()
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
            if tag == etag[...] { return true }
        }
        return false
    }
}

/// The webapp's static site: `/`, `/static/app.css`, `/static/app.js` and `/static/favicon.svg` (the page links it
/// with `<link rel="icon">`, so browsers do not ask for `/favicon.ico`), embedded in the binary.
public enum StaticSite {
    public static let index = StaticAsset(path: "/", contentType: "text/html; charset=utf-8", text: StaticSite.html)
    public static let stylesheet = StaticAsset(path: "/static/app.css", contentType: "text/css; charset=utf-8", text: StaticSite.css)
    public static let script = StaticAsset(path: "/static/app.js", contentType: "text/javascript; charset=utf-8", text: StaticSite.javascript)
    public static let icon = StaticAsset(path: "/static/favicon.svg", contentType: "image/svg+xml", text: StaticSite.favicon)
    public static let all = [index, stylesheet, script, icon]
}
