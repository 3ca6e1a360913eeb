import GenetixNet

/// The header fields that describe one connection rather than the message (RFC 9110 §7.6.1), removed by a proxy in
/// both directions: Connection and the fields it names, Keep-Alive, Proxy-*, TE, Trailer, Transfer-Encoding, Upgrade.
/// Content-Length is dropped as well, because the proxy frames each side itself.
enum HopByHopHeaders {
    /// Whether line `index`'s name is always hop-by-hop (or Content-Length).
    @inline(__always)
    static func isHopByHop(_ lines: HTTPHeaderLines, _ index: Int) -> Bool {
        switch lines.nameCount(index) {
        case 2: return lines.nameIs(index, "te")
        case 7: return lines.nameIs(index, "trailer") || lines.nameIs(index, "upgrade")
        case 10: return lines.nameIs(index, "connection") || lines.nameIs(index, "keep-alive") || lines.nameHasPrefix(index, "proxy-")
        case 14: return lines.nameIs(index, "content-length") || lines.nameHasPrefix(index, "proxy-")
        case 17: return lines.nameIs(index, "transfer-encoding") || lines.nameHasPrefix(index, "proxy-")
        default: return lines.nameHasPrefix(index, "proxy-")
        }
    }
}
