import Glibc
import GenetixNet
import GenetixTesting
import Testing

/// The "dead node" the operations and console tests point at: refused while held, and never given to another socket.
@Suite struct RefusingPortTests {
    @Test func connectionsAreRefusedAndThePortCannotBeTaken() async throws {
        let refusing = try RefusingPort()
        defer { refusing.close() }
        let client = HTTPClient()
        var failure = ""
        do {
            _ = try await client.get(refusing.url + "/status", timeout: .seconds(2))
        } catch {
            failure = "\(error)"
        }
        #expect(failure.contains("cannot connect to 127.0.0.1:\(refusing.port)"), "\(failure)")
        await client.shutdown()
        // A listener asking for this very port is turned away while the port is held.
        #expect(throws: (any Error).self) {
            let fd = try Socket.listen(on: SocketAddress(host: "127.0.0.1", port: refusing.port), reusePort: false)
            close(fd)
        }
    }
}
