import CSystem
import Foundation
import Glibc
@testable import GenetixNet

/// Real sockets, certificate files and a single-threaded pump standing in for the event loop in TLS tests.
enum TLSTestHarness {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// A self-signed certificate written to a fresh temporary directory; `remove()` deletes it.
    struct CertificateFiles {
        let directory: URL
        let certificatePath: String
        let privateKeyPath: String

        init(hosts: [String] = SelfSignedCertificate.defaultSubjectAltNames) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("genetix-tls-\(UUID().uuidString)")
            let written = try SelfSignedCertificate.generate(commonName: hosts[0], subjectAltNames: hosts).write(to: directory)
            certificatePath = written.certificate.path
            privateKeyPath = written.privateKey.path
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }

        var serverConfiguration: TLSConfiguration {
            .server(certificateChainPath: certificatePath, privateKeyPath: privateKeyPath)
        }
    }

    /// Writes to a peer that has gone must fail with EPIPE rather than kill the test process.
    static func ignoreSIGPIPE() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// A connected pair of non-blocking stream sockets.
    static func socketPair() throws -> (Int32, Int32) {
        ignoreSIGPIPE()
        var fds: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
            throw Failure(description: "socketpair: \(String(cString: strerror(errno)))")
        }
        return (fds[0], fds[1])
    }

    /// A TCP listener on 127.0.0.1 with an ephemeral port.
    static func listenOnLoopback() throws -> (fd: Int32, port: UInt16) {
        ignoreSIGPIPE()
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(fd, socketAddress, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, socketAddress, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            throw Failure(description: "bind/listen on 127.0.0.1:0: \(String(cString: strerror(errno)))")
        }
        return (fd, UInt16(bigEndian: address.sin_port))
    }

    /// Accepts one connection (non-blocking), waiting at most 20 s.
    static func acceptOne(_ listener: Int32) throws -> Int32 {
        var entry = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, 20_000) == 1 else { throw Failure(description: "no connection arrived within 20 s") }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = csystem_accept4(listener, &storage, &length)
        guard fd >= 0 else { throw Failure(description: "accept4: \(String(cString: strerror(errno)))") }
        return fd
    }

    /// One party driven by the pump: `step` does whatever non-blocking work it can.
    struct Party {
        let fd: Int32
        let step: () throws -> Step
    }

    /// What a party's step achieved.
    enum Step {
        /// Made progress; call again at once.
        case progressed
        /// Blocked until `fd` shows these poll events.
        case waiting(Int16)
        /// Finished; do not call again.
        case finished
    }

    /// Runs the parties until all finish, polling their sockets whenever none can progress.
    /// A stall longer than 20 s (a hung handshake) fails instead of hanging the suite.
    static func pump(_ parties: [Party]) throws {
        var finished = Array(repeating: false, count: parties.count)
        while finished.contains(false) {
            var waits: [pollfd] = []
            var progressed = false
            for index in parties.indices where !finished[index] {
                switch try parties[index].step() {
                case .progressed: progressed = true
                case .finished: finished[index] = true; progressed = true
                case .waiting(let events): waits.append(pollfd(fd: parties[index].fd, events: events, revents: 0))
                }
            }
            if !progressed, !waits.isEmpty {
                guard poll(&waits, nfds_t(waits.count), 20_000) > 0 else {
                    throw Failure(description: "TLS test pump stalled for 20 s")
                }
            }
        }
    }

    /// A party that runs `session.handshake()` until it ends, storing the final outcome in `result`.
    static func handshakeParty(_ session: TLSSession, fd: Int32, result: @escaping (TLSIO) -> Void) -> Party {
        Party(fd: fd) {
            let outcome = session.handshake()
            switch outcome {
            case .wantRead: return .waiting(Int16(POLLIN))
            case .wantWrite: return .waiting(Int16(POLLOUT))
            default: result(outcome); return .finished
            }
        }
    }

    /// Runs both handshakes to their end and returns (client outcome, server outcome).
    static func handshake(client: TLSSession, clientFD: Int32, server: TLSSession, serverFD: Int32) throws -> (TLSIO, TLSIO) {
        var clientResult = TLSIO.wantRead
        var serverResult = TLSIO.wantRead
        try pump([
            handshakeParty(client, fd: clientFD) { clientResult = $0 },
            handshakeParty(server, fd: serverFD) { serverResult = $0 },
        ])
        return (clientResult, serverResult)
    }

    /// Maps a would-block outcome to poll events; any other outcome is a test failure.
    static func waitEvents(_ outcome: TLSIO, during operation: String) throws -> Int16 {
        switch outcome {
        case .wantRead: return Int16(POLLIN)
        case .wantWrite: return Int16(POLLOUT)
        default: throw Failure(description: "\(operation) ended with \(outcome)")
        }
    }
}
