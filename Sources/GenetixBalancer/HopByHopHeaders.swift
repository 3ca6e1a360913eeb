import GenetixNet

/// The header fields that describe one connection rather than the message (RFC 9110 §7.6.1), removed by a proxy in
/// both directions: Connection and the fields it names, Keep-Alive, Proxy-*, TE, Trailer, Transfer-Encoding, Upgrade.
/// Content-Length is dropped as well, because the proxy frames each side itself.
enum HopByHopHeaders {
    /// Whether `name` is always hop-by-hop (or Content-Length).
    @inline(__always)
    static func isHopByHop(_ name: String) -> Bool {
        let utf8 = name.utf8
        switch utf8.count {
        case 2: return name.equalsIgnoringASCIICase("te")
        case 7: return name.equalsIgnoringASCIICase("trailer") || name.equalsIgnoringASCIICase("upgrade")
        case 10: return name.equalsIgnoringASCIICase("connection") || name.equalsIgnoringASCIICase("keep-alive")
            || isProxyField(utf8)
        case 14: return name.equalsIgnoringASCIICase("content-length") || isProxyField(utf8)
        case 17: return name.equalsIgnoringASCIICase("transfer-encoding") || isProxyField(utf8)
        default: return utf8.count > 6 && isProxyField(utf8)
        }
    }

    @inline(__always)
    private static func isProxyField(_ utf8: String.UTF8View) -> Bool {
        guard utf8.count > 6 else { return false }
        var i = utf8.startIndex
        for expected in "proxy-".utf8 {
            let b = utf8[i]
            let lower = (b >= 65 && b <= 90) ? b | 0x20 : b
            if lower != expected { return false }
            i = utf8.index(after: i)
        }
        return true
    }
}
