import Foundation
import GenetixTesting
import Testing

/// Tests hand `FreePort`'s ports to servers and child processes that bind them later: they must come from below the
/// kernel's ephemeral range (where no connection of a parallel test can take one), once each, and free.
@Suite struct FreePortTests {
    @Test func portsComeFromBelowTheEphemeralRangeOnceEachAndBind() throws {
        let ephemeralLow = try #require(Int(String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)
            .split(whereSeparator: \.isWhitespace).first ?? ""))
        let ports = (0..<50).map { _ in FreePort.next() }
        #expect(Set(ports).count == ports.count, "a port handed out twice: \(ports)")
        for port in ports {
            #expect(FreePort.range.contains(port) && port < ephemeralLow, "port \(port)")
            #expect(FreePort.isFree(port), "port \(port) does not bind")
        }
    }

    @Test func aBlockIsConsecutiveAndFreeAndAListenersPortIsNot() throws {
        let base = FreePort.block(5)
        #expect(base != 0 && (base..<(base + 5)).allSatisfy(FreePort.isFree))
        // A listener on a port of the range: the check says it is taken.
        let held = try TCPHold(port: FreePort.next())
        defer { held.close() }
        #expect(!FreePort.isFree(held.port))
    }
}

/// A listening socket on a given loopback port.
private final class TCPHold {
    let port: Int
    private let fd: Int32

    init(port: Int) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 4) == 0 else { Glibc.close(fd); throw POSIXError(.EADDRINUSE) }
        self.fd = fd
        self.port = port
    }

    func close() { Glibc.close(fd) }
}
