import CSystem
import Glibc

/// Socket set-up calls: listeners and non-blocking connects. Every failure is a `SystemError` naming the address.
public enum Socket {
    /// Opens a non-blocking listening TCP socket on `address`; `reusePort` lets several loops share the port.
    public static func listen(on address: SocketAddress, reusePort: Bool = true, backlog: Int32 = 4096) throws(NetError) -> Int32 {
        let resolved: (storage: sockaddr_storage, length: socklen_t)
        do { resolved = try address.resolve() } catch { throw .address(error) }
        let family = Int32(resolved.storage.ss_family)
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        if fd < 0 { throw .system(SystemError("socket", subject: address.description)) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if reusePort { setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, socklen_t(MemoryLayout<Int32>.size)) }
        var storage = resolved.storage
        let rc = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, resolved.length) }
        }
        if rc < 0 {
            let err = SystemError("bind", subject: address.description)
            close(fd)
            throw .system(err)
        }
        if Glibc.listen(fd, backlog) < 0 {
            let err = SystemError("listen", subject: address.description)
            close(fd)
            throw .system(err)
        }
        return fd
    }

    /// The local address a socket is bound to (to learn an ephemeral port).
    public static func localAddress(of fd: Int32) -> SocketAddress? {
        var storage = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let rc = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        return rc == 0 ? SocketAddress(storage) : nil
    }

    /// Starts a non-blocking connect; returns the fd and whether the connection is still in progress.
    public static func connect(to address: SocketAddress) throws(NetError) -> (fd: Int32, inProgress: Bool) {
        let resolved: (storage: sockaddr_storage, length: socklen_t)
        do { resolved = try address.resolve() } catch { throw .address(error) }
        let fd = socket(Int32(resolved.storage.ss_family),
                        Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        if fd < 0 { throw .system(SystemError("socket", subject: address.description)) }
        setNoDelay(fd)
        var storage = resolved.storage
        while true {
            let rc = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, resolved.length) }
            }
            if rc == 0 { return (fd, false) }
            let e = csystem_errno()
            if e == EINTR { continue }
            if e == EINPROGRESS { return (fd, true) }
            close(fd)
            throw .system(SystemError("connect", subject: address.description, code: e))
        }
    }

    /// The pending error of a socket after a non-blocking connect (0 when connected).
    public static func pendingError(_ fd: Int32) -> Int32 {
        var err: Int32 = 0
        var len = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len)
        return err
    }

    /// Disables Nagle's algorithm.
    public static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Sets SO_LINGER to 0 so close() sends RST (used to abort broken exchanges).
    public static func setAbortiveClose(_ fd: Int32) {
        var l = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, socklen_t(MemoryLayout<linger>.size))
    }
}

/// A network failure: an unusable address or a failed system call.
public enum NetError: Error, Sendable, Equatable, CustomStringConvertible {
    case address(AddressError)
    case system(SystemError)

    public var description: String {
        switch self {
        case .address(let e): e.description
        case .system(let e): e.description
        }
    }
}
