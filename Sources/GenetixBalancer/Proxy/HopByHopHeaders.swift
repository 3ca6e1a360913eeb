/// The header fields that describe one connection rather than the message (RFC 9110 §7.6.1), removed by a proxy in
/// both directions: Connection and the fields it names, Keep-Alive, Proxy-*, TE, Trailer, Transfer-Encoding, Upgrade.
/// Content-Length is dropped as well, because the proxy frames each side itself.
enum HopByHopHeaders {
    /// Whether `name` is always hop-by-hop (or Content-Length).
    @inline(__always)
    static func isHopByHop(_ name: String) -> Bool {
        switch name.utf8.count {
        case 2: return HeaderName.is(name, "te")
        case 7: return HeaderName.is(name, "trailer") || HeaderName.is(name, "upgrade")
        case 10: return HeaderName.is(name, "connection") || HeaderName.is(name, "keep-alive") || HeaderName.hasPrefix(name, "proxy-")
        case 14: return HeaderName.is(name, "content-length") || HeaderName.hasPrefix(name, "proxy-")
        case 17: return HeaderName.is(name, "transfer-encoding") || HeaderName.hasPrefix(name, "proxy-")
        default: return HeaderName.hasPrefix(name, "proxy-")
        }
    }
}
