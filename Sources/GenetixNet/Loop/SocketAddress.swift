import CSystem
import Glibc

/// An IPv4 or IPv6 address with a port, parsed from `host:port` or `[v6]:port`.
public struct SocketAddress: Sendable, Hashable, CustomStringConvertible {
    /// The host as written, without brackets (an IP literal, or a name resolved when used).
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port`, `[::1]:port` or `:port`; `defaultHost` fills a missing host.
    public init(parsing text: String, defaultHost: String = "127.0.0.1") throws(AddressError) {
        var hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw .malformed(text) }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw .malformed(text) }
            portPart = rest.dropFirst()
        } else if let colon = text.lastIndex(of: ":") {
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
            if hostPart.contains(":") { throw .malformed(text) }
        } else {
            throw .malformed(text)
        }
        if hostPart.isEmpty { hostPart = Substring(defaultHost) }
        guard let port = Int(portPart), (0...65535).contains(port) else { throw .badPort(text) }
        self.host = String(hostPart)
        self.port = port
    }

    /// `host:port`, with brackets for IPv6.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Resolves to a sockaddr (IP literals directly, names through getaddrinfo — blocking, so only at set-up).
    public func resolve() throws(AddressError) -> (storage: sockaddr_storage, length: socklen_t) {
        var storage = sockaddr_storage()
        if let v4 = Self.parseIPv4(host) {
            withUnsafeMutableBytes(of: &storage) { raw in
                let sin = raw.baseAddress!.assumingMemoryBound(to: sockaddr_in.self)
                sin.pointee.sin_family = sa_family_t(AF_INET)
                sin.pointee.sin_port = in_port_t(UInt16(port).bigEndian)
                sin.pointee.sin_addr = v4
            }
            return (storage, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            withUnsafeMutableBytes(of: &storage) { raw in
                let sin6 = raw.baseAddress!.assumingMemoryBound(to: sockaddr_in6.self)
                sin6.pointee.sin6_family = sa_family_t(AF_INET6)
                sin6.pointee.sin6_port = in_port_t(UInt16(port).bigEndian)
                sin6.pointee.sin6_addr = v6
            }
            return (storage, socklen_t(MemoryLayout<sockaddr_in6>.size))
        }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &result)
        guard rc == 0, let first = result else { throw .unresolvable(host, String(cString: gai_strerror(rc))) }
        defer { freeaddrinfo(result) }
        var chosen = first
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let c = cursor {  // prefer IPv4, the loopback default
            if c.pointee.ai_family == AF_INET { chosen = c; break }
            cursor = c.pointee.ai_next
        }
        withUnsafeMutableBytes(of: &storage) { raw in
            raw.copyMemory(from: UnsafeRawBufferPointer(start: chosen.pointee.ai_addr, count: Int(chosen.pointee.ai_addrlen)))
        }
        return (storage, chosen.pointee.ai_addrlen)
    }

    /// Reads the address out of a sockaddr_storage.
    public init?(_ storage: sockaddr_storage) {
        var s = storage
        switch Int32(s.ss_family) {
        case AF_INET:
            let (addr, port) = withUnsafeBytes(of: &s) { raw in
                let sin = raw.baseAddress!.assumingMemoryBound(to: sockaddr_in.self).pointee
                return (sin.sin_addr, Int(UInt16(bigEndian: sin.sin_port)))
            }
            var a = addr
            var buf = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            inet_ntop(AF_INET, &a, &buf, socklen_t(buf.count))
            self.init(host: String(cString: buf), port: port)
        case AF_INET6:
            let (addr, port) = withUnsafeBytes(of: &s) { raw in
                let sin6 = raw.baseAddress!.assumingMemoryBound(to: sockaddr_in6.self).pointee
                return (sin6.sin6_addr, Int(UInt16(bigEndian: sin6.sin6_port)))
            }
            var a = addr
            var buf = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            inet_ntop(AF_INET6, &a, &buf, socklen_t(buf.count))
            var host = String(cString: buf)
            if host.hasPrefix("::ffff:"), !host.dropFirst(7).contains(":") { host = String(host.dropFirst(7)) }
            self.init(host: host, port: port)
        default:
            return nil
        }
    }

    private static func parseIPv4(_ text: String) -> in_addr? {
        var addr = in_addr()
        return inet_pton(AF_INET, text, &addr) == 1 ? addr : nil
    }
}

/// Why an address could not be used.
public enum AddressError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)
    case badPort(String)
    case unresolvable(String, String)

    public var description: String {
        switch self {
        case .malformed(let t): "'\(t)' is not an address: write HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080"
        case .badPort(let t): "'\(t)' has no valid port: the port must be a number from 0 to 65535"
        case .unresolvable(let h, let why): "cannot resolve host '\(h)': \(why)"
        }
    }
}
