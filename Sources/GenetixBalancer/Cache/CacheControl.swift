import GenetixNet

/// The `Cache-Control` directives the edge cache acts on (RFC 9111 §5.2).
struct CacheControl: Sendable, Equatable {
    var maxAge: Int?
    var sharedMaxAge: Int?
    var noStore = false
    var noCache = false
    var isPrivate = false
    var isPublic = false
    /// RFC 5861: seconds after freshness during which a stale copy may be served while it is refreshed in the background.
    var staleWhileRevalidate: Int?
    /// RFC 5861: seconds after freshness during which a stale copy may be served when the origin fails (5xx, down).
    var staleIfError: Int?
    /// `must-revalidate` / `proxy-revalidate`: never served stale.
    var mustRevalidate = false

    /// Parses every `Cache-Control` field of `headers`; unknown directives are ignored.
    init(_ headers: HTTPHeaders) {
        for value in headers.values("Cache-Control") {
            for raw in value.split(separator: ",") {
                let directive = raw.trimmingSpaces()
                let parts = directive.split(separator: "=", maxSplits: 1)
                guard let name = parts.first else { continue }
                let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: "\"") : nil
                if name.equalsIgnoringASCIICase("max-age") { maxAge = argument.flatMap { Int($0) }.map { max(0, $0) } }
                else if name.equalsIgnoringASCIICase("s-maxage") { sharedMaxAge = argument.flatMap { Int($0) }.map { max(0, $0) } }
                else if name.equalsIgnoringASCIICase("no-store") { noStore = true }
                else if name.equalsIgnoringASCIICase("no-cache") { noCache = true }
                else if name.equalsIgnoringASCIICase("private") { isPrivate = true }
                else if name.equalsIgnoringASCIICase("public") { isPublic = true }
                else if name.equalsIgnoringASCIICase("stale-while-revalidate") { staleWhileRevalidate = argument.flatMap { Int($0) }.map { max(0, $0) } }
                else if name.equalsIgnoringASCIICase("stale-if-error") { staleIfError = argument.flatMap { Int($0) }.map { max(0, $0) } }
                else if name.equalsIgnoringASCIICase("must-revalidate") || name.equalsIgnoringASCIICase("proxy-revalidate") { mustRevalidate = true }
            }
        }
    }

    /// Seconds a shared cache may serve the response without asking the origin (s-maxage wins over max-age).
    var sharedFreshness: Int? { sharedMaxAge ?? maxAge }
}

extension Substring {
    fileprivate func trimmingCharacters(in quote: Character) -> Substring {
        var s = self
        while s.first == quote { s = s.dropFirst() }
        while s.last == quote { s = s.dropLast() }
        return s
    }
}
