import Foundation
import Glibc

extension SelfSignedCertificate {
    /// The paths of a certificate pair written to disk.
    public struct WrittenFiles: Sendable, Equatable {
        /// `DIR/cert.pem`, mode 0644.
        public let certificate: URL
        /// `DIR/key.pem`, mode 0600.
        public let privateKey: URL
    }

    /// Writes `cert.pem` (mode 0644) and `key.pem` (mode 0600) into `directory`, creating it (mode 0755) if needed.
    ///
    /// Each file is written to a temporary name and renamed into place, so a reader never sees half a file and an
    /// existing pair is replaced atomically file by file.
    /// - Throws: `TLSError.fileWriteFailed` naming the path and the system's reason.
    @discardableResult
    public func write(to directory: URL) throws(TLSError) -> WrittenFiles {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o755])
        } catch {
            throw .fileWriteFailed(path: directory.path, reason: "cannot create the directory (\(error.localizedDescription))")
        }
        let certificate = directory.appendingPathComponent("cert.pem")
        let privateKey = directory.appendingPathComponent("key.pem")
        try Self.writeFile(privateKeyPEM, to: privateKey.path, mode: 0o600)
        try Self.writeFile(certificatePEM, to: certificate.path, mode: 0o644)
        return WrittenFiles(certificate: certificate, privateKey: privateKey)
    }

    private static func writeFile(_ text: String, to path: String, mode: mode_t) throws(TLSError) {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode)
        guard fd >= 0 else { throw .fileWriteFailed(path: temporary, reason: String(cString: strerror(errno))) }
        var failure: String?
        // open() applies the umask; fchmod sets the exact mode (0600 for keys even under a permissive umask).
        if fchmod(fd, mode) != 0 { failure = String(cString: strerror(errno)) }
        let bytes = Array(text.utf8)
        var offset = 0
        while failure == nil, offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                failure = String(cString: strerror(errno))
            } else {
                offset += written
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        close(fd)
        if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw .fileWriteFailed(path: path, reason: failure)
        }
    }
}
