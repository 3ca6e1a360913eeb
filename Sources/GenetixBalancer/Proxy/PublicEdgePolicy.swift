/// Which paths the public listeners refuse because they are a backend's internal endpoints (metrics, stats, health
/// details, admin pages): those answer on the admin/monitoring side only, never to customers through the edge.
///
/// A rule is a path prefix matched segment by segment (`/internal/` refuses `/internal/stats`, `/metrics` refuses
/// `/metrics` and `/metrics/x` but not `/metricsx`). The request path is compared the way a lenient backend might
/// read it: empty segments ignored (`//metrics`), case folded, `%XX` decoded, `.`/`..` resolved and `;params`
/// dropped — so no spelling of an internal path gets through. The common path (plain lowercase ASCII, no dots or
/// escapes) is checked on the bytes without allocating.
public struct PublicEdgePolicy: Sendable {
    /// The default internal paths: the worker's Prometheus text and stats, health endpoints, admin and debug pages.
    public static let defaultInternalPaths = ["/metrics", "/internal/", "/healthz", "/readyz", "/admin/", "/debug/", "/server-status"]

    private let rules: [[[UInt8]]]

    init(internalPaths: [String]) {
        rules = internalPaths.map { path in
            path.lowercased().split(separator: "/", omittingEmptySubsequences: true).map { Array($0.utf8) }
        }.filter { !$0.isEmpty }
    }

    /// Whether `path` names an internal endpoint and must not be answered on a public listener.
    func isInternal(_ path: Substring) -> Bool {
        guard !rules.isEmpty else { return false }
        var path = path
        return path.withUTF8 { bytes in
            var plain = true
            for byte in bytes where byte == UInt8(ascii: "%") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "\\")
                || byte == UInt8(ascii: ";") || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) {
                plain = false
                break
            }
            if plain { return rules.contains { Self.hasSegments(bytes, $0) } }
            let normalized = Self.normalize(bytes)
            return rules.contains { rule in
                normalized.count >= rule.count && zip(normalized, rule).allSatisfy { $0.0 == $0.1 }
            }
        }
    }

    private static func hasSegments(_ path: UnsafeBufferPointer<UInt8>, _ rule: [[UInt8]]) -> Bool {
        let slash = UInt8(ascii: "/")
        var i = 0
        for segment in rule {
            while i < path.count, path[i] == slash { i += 1 }
            guard i < path.count else { return false }
            var j = i
            while j < path.count, path[j] != slash { j += 1 }
            guard j - i == segment.count, UnsafeBufferPointer(rebasing: path[i..<j]).elementsEqual(segment) else { return false }
            i = j
        }
        return true
    }

    /// The path's segments as bytes: percent-decoded (repeatedly, so `%252e` is caught too), backslashes as slashes,
    /// lowercased, `;params` dropped, empty and `.` segments skipped, `..` popping.
    static func normalize(_ path: UnsafeBufferPointer<UInt8>) -> [[UInt8]] {
        var bytes = Array(path)
        for _ in 0..<3 where bytes.contains(UInt8(ascii: "%")) { bytes = percentDecoded(bytes) }
        var segments: [[UInt8]] = []
        var current: [UInt8] = []
        var inParams = false
        func close() {
            if current == [UInt8(ascii: ".")] || current.isEmpty {
            } else if current == [UInt8(ascii: "."), UInt8(ascii: ".")] {
                if !segments.isEmpty { segments.removeLast() }
            } else {
                segments.append(current)
            }
            current = []
            inParams = false
        }
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "/"), UInt8(ascii: "\\"): close()
            case UInt8(ascii: ";"): inParams = true
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): if !inParams { current.append(byte + 32) }
            default: if !inParams { current.append(byte) }
            }
        }
        close()
        return segments
    }

    private static func percentDecoded(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count, let high = hex(bytes[i + 1]), let low = hex(bytes[i + 2]) {
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
