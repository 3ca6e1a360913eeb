/// A listening or connecting address typed as `HOST:PORT`: `127.0.0.1:8080`, `localhost:0`, `[::1]:80`.
public struct HostPort: Sendable, Equatable, CustomStringConvertible {
    /// The host name or address, without IPv6 brackets.
    public var host: String
    /// The port, 0 meaning "any free port" when listening.
    public var port: UInt16

    /// What a valid value looks like, for error messages.
    public static let expectation = "HOST:PORT with a port from 0 to 65535 (IPv6 in brackets, as in [::1]:8080)"

    /// Creates an address from its parts.
    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT`, `[IPV6]:PORT` or `:PORT` (which uses `defaultHost`); nil when malformed or the port is out of range.
    public init?(parsing text: String, defaultHost: String = "127.0.0.1") {
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":"), !hostPart.isEmpty else { return nil }
            portPart = rest.dropFirst()
        } else {
            guard let colon = text.firstIndex(of: ":") else { return nil }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
            guard !portPart.contains(":") else { return nil }
        }
        guard !hostPart.contains(where: { $0 == " " || $0 == "/" }) else { return nil }
        guard !portPart.isEmpty, portPart.count <= 5, portPart.allSatisfy(\.isASCIIDigit),
              let port = Int(portPart), port <= Int(UInt16.max) else { return nil }
        self.host = hostPart.isEmpty ? defaultHost : String(hostPart)
        self.port = UInt16(port)
    }

    /// The address as typed back: `127.0.0.1:8080` or `[::1]:80`.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
