import Glibc

/// Whether a loopback TCP port can be listened on right now: `genetix up` asks this for every port of its layout
/// before it starts anything, so a taken port is named up front instead of surfacing as one node's failed start.
public enum LoopbackPortCheck {
    /// True when binding 127.0.0.1:`port` fails with "address in use" (a listener or a connection holds it). The probe
    /// sets SO_REUSEADDR as our listeners do, so a port left in TIME_WAIT by a cluster just stopped counts as free.
    public static func isTaken(_ port: Int) -> Bool {
        guard (1...65_535).contains(port) else { return true }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var on: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7f00_0001).bigEndian)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return bound != 0 && errno == EADDRINUSE
    }

    /// The first of `ports` that is taken, with its owner's description; nil when all are free.
    public static func firstTaken(_ ports: [LocalClusterLayout.Port]) -> LocalClusterLayout.Port? {
        ports.first { isTaken($0.number) }
    }
}
