/// TLS over a connected socket, through a `TLSSession`.
public final class TLSTransport: ConnectionTransport {
    private let session: TLSSession

    /// Wraps `fd` in a TLS session of `context`; `serverName` is the client's SNI and verified name.
    public init(context: TLSContext, fd: Int32, isServer: Bool, serverName: String? = nil) throws(TLSError) {
        session = try TLSSession(context: context, fd: fd, isServer: isServer, serverName: serverName)
    }

    public func handshake() -> TransportIO { Self.map(session.handshake()) }
    public func read(into buffer: UnsafeMutableRawBufferPointer) -> TransportIO { Self.map(session.read(into: buffer)) }
    public func write(_ bytes: UnsafeRawBufferPointer) -> TransportIO { Self.map(session.write(bytes)) }
    public var hasBufferedBytes: Bool { session.hasBufferedReadableBytes }
    public func shutdown() { session.shutdown() }

    /// The negotiated protocol, e.g. `TLSv1.3`.
    public var negotiatedVersion: String? { session.negotiatedVersion }

    private static func map(_ io: TLSIO) -> TransportIO {
        switch io {
        case .done(let n): .bytes(n)
        case .wantRead: .wantRead
        case .wantWrite: .wantWrite
        case .closed: .eof
        case .failed(let error): .failed(error.description)
        }
    }
}
