import Glibc

/// An IPv4 or IPv6 network such as `127.0.0.1/32` or `::1/128`, for `--admin-allow`.
public struct CIDRBlock: Sendable, Hashable, CustomStringConvertible {
    private let network: [UInt8]
    private let prefix: Int

    /// Parses `ADDRESS/BITS` (or a bare address, meaning one host).
    public init(parsing text: String) throws(CIDRError) {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard let address = parts.first, let bytes = Self.bytes(of: address) else { throw .malformed(text) }
        let bits = bytes.count * 8
        let prefix: Int
        if parts.count == 2 {
            guard let p = Int(parts[1]), (0...bits).contains(p) else { throw .malformed(text) }
            prefix = p
        } else {
            prefix = bits
        }
        self.network = Self.mask(bytes, prefix)
        self.prefix = prefix
    }

    /// Whether `address` (an IP literal) lies in this network. IPv4-mapped IPv6 addresses count as IPv4.
    public func contains(_ address: String) -> Bool {
        guard var bytes = Self.bytes(of: address) else { return false }
        if bytes.count == 16, network.count == 4, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            bytes = Array(bytes[12...])
        }
        guard bytes.count == network.count else { return false }
        return Self.mask(bytes, prefix) == network
    }

    public var description: String {
        var buffer = [CChar](repeating: 0, count: 64)
        let family = network.count == 4 ? AF_INET : AF_INET6
        network.withUnsafeBytes { _ = inet_ntop(family, $0.baseAddress, &buffer, 64) }
        return "\(String(cString: buffer))/\(prefix)"
    }

    private static func bytes(of address: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, address, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    private static func mask(_ bytes: [UInt8], _ prefix: Int) -> [UInt8] {
        bytes.enumerated().map { i, b in
            let keep = max(0, min(8, prefix - i * 8))
            return keep == 8 ? b : b & UInt8(truncatingIfNeeded: 0xFF << (8 - keep))
        }
    }
}

/// A network that does not parse.
public enum CIDRError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)
    public var description: String {
        switch self {
        case .malformed(let t): "'\(t)' is not a network: write ADDRESS/BITS, e.g. 127.0.0.1/32, 10.0.0.0/8 or ::1/128"
        }
    }
}
