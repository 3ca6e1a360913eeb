/// An `http://` or `https://` URL split into what a client needs.
public struct HTTPURL: Sendable, Hashable, CustomStringConvertible {
    public var isTLS: Bool
    public var address: SocketAddress
    /// Path and query, starting with `/`.
    public var target: String

    public init(isTLS: Bool, address: SocketAddress, target: String = "/") {
        self.isTLS = isTLS
        self.address = address
        self.target = target
    }

    /// Parses `http://host:port/path?query` (port defaults to 80 / 443).
    public init(parsing text: String) throws(AddressError) {
        var rest: Substring
        if text.hasPrefix("http://") {
            isTLS = false
            rest = text.dropFirst(7)
        } else if text.hasPrefix("https://") {
            isTLS = true
            rest = text.dropFirst(8)
        } else {
            throw .malformed(text)
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = String(rest[..<slash])
        target = slash == rest.endIndex ? "/" : String(rest[slash...])
        if authority.isEmpty { throw .malformed(text) }
        let hasPort = authority.hasPrefix("[") ? authority.contains("]:") : authority.contains(":")
        address = try SocketAddress(parsing: hasPort ? authority : "\(authority):\(isTLS ? 443 : 80)")
        rest = ""
    }

    /// The same origin with another target.
    public func with(target: String) -> HTTPURL { HTTPURL(isTLS: isTLS, address: address, target: target) }

    /// `scheme://host:port`.
    public var origin: String { "\(isTLS ? "https" : "http")://\(address)" }

    public var description: String { origin + target }
}
