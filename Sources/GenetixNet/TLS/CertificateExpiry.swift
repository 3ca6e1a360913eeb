import COpenSSL
import Glibc

/// When the leaf certificate of a PEM chain file stops being valid: its `notAfter`, in seconds since the Unix epoch
/// (UTC). Nodes export it as `genetix_tls_certificate_expiry_timestamp_seconds`, so an alert can fire weeks before a
/// certificate expires instead of when clients start refusing it.
public enum CertificateExpiry {
    /// The leaf (first) certificate's `notAfter` in `path`.
    public static func notAfter(pemFile path: String) throws(TLSError) -> Int64 {
        guard let bio = BIO_new_file(path, "r") else {
            throw .certificateLoadFailed(path: path, reason: String(cString: strerror(errno)))
        }
        defer { BIO_free(bio) }
        guard let certificate = PEM_read_bio_X509(bio, nil, nil, nil) else {
            throw .certificateLoadFailed(path: path, reason: "no PEM certificate in the file")
        }
        defer { X509_free(certificate) }
        var time = tm()
        guard let notAfter = X509_get0_notAfter(certificate), ASN1_TIME_to_tm(notAfter, &time) == 1 else {
            throw .certificateLoadFailed(path: path, reason: "the certificate's notAfter time cannot be read")
        }
        return Int64(timegm(&time))
    }
}
