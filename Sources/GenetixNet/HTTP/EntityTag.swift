/// Entity tags (RFC 9110 §8.8.3) as `If-None-Match` compares them.
public enum EntityTag {
    /// Whether one `If-None-Match` field value (a comma-separated list of tags, or `*`) names `etag`, by the weak
    /// comparison RFC 9110 §13.1.2 prescribes for it: `W/` is ignored on both sides.
    public static func ifNoneMatch(_ fieldValue: some StringProtocol, matches etag: String) -> Bool {
        let wanted = opaque(etag)
        for item in fieldValue.split(separator: ",", omittingEmptySubsequences: true) {
            let candidate = item.trimmingSpaces()
            if candidate == "*" || opaque(candidate) == wanted { return true }
        }
        return false
    }

    /// A tag without its weakness mark: `W/"x"` → `"x"`; anything else as it is.
    private static func opaque(_ tag: some StringProtocol) -> Substring {
        let s = Substring(tag)
        return s.hasPrefix("W/") ? s.dropFirst(2) : s
    }
}
