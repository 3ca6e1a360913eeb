import GenetixCore
import GenetixNet
import Synchronization

/// Mints the ETag of `GET /admin/v1/status` and answers `If-None-Match`, so a poller of an idle node gets
/// `304 Not Modified` without a body (and decodes nothing) instead of the same status again.
///
/// The tag is weak (`W/"…"`): it names what an observer sees (`NodeStatus.shownForm`), not the exact bytes, since the
/// host and process figures move below the shown precision on every read. It is a generation counter that moves
/// whenever the shown form differs from the last one minted, prefixed with a random number drawn when the server
/// starts, so a tag from before a restart never matches. Comparing with the last shown form is cheaper than hashing
/// it, and a status that goes A → B → A gets a third tag (a poller holding the first pays one body, never a stale
/// screen).
final class StatusTagger: Sendable {
    /// The longest `If-None-Match` looked at; a longer one is treated as matching nothing (the status is sent whole).
    static let maximumHeaderBytes = 4096

    private let prefix: String
    private let state = Mutex<(shown: NodeStatus?, generation: UInt64)>((nil, 0))

    init() {
        prefix = String(UInt64.random(in: 1...UInt64.max), radix: 16)
    }

    /// The tag of `status`: the last one minted when its shown form is unchanged, a new one otherwise.
    func tag(for status: NodeStatus) -> String {
        let shown = status.shownForm
        let generation = state.withLock { state -> UInt64 in
            if state.shown != shown {
                state.shown = shown
                state.generation &+= 1
            }
            return state.generation
        }
        return "W/\"\(prefix)-\(generation)\""
    }

    /// The status response: `304` with the tag and no body when the request's `If-None-Match` names the current tag
    /// (or is `*`), else `200` with the status and its tag. A request without the header gets the 200 it always got.
    func response(for status: NodeStatus, to request: HTTPRequest) -> HTTPResponse {
        let etag = tag(for: status)
        return Self.response(for: status, etag: etag, notModified: Self.ifNoneMatch(request.headers.values("If-None-Match"), matches: etag))
    }

    /// `304` with `etag` and no body when `notModified`, else `200` with the status and `etag`.
    static func response(for status: NodeStatus, etag: String, notModified: Bool) -> HTTPResponse {
        if notModified { return HTTPResponse(status: 304, headers: ["ETag": etag]) }
        var response = HTTPResponse.json(status)
        if response.status == 200 { response.headers.add("ETag", etag) }
        return response
    }

    /// Whether the `If-None-Match` field lines name `etag`, with the weak comparison RFC 9110 prescribes for it
    /// (`W/` ignored on both sides). Anything that is not a list of tags, or longer than `maximumHeaderBytes`, matches
    /// nothing: the caller then gets the whole status, as if it had sent no condition.
    static func ifNoneMatch(_ values: [String], matches etag: String) -> Bool {
        guard !values.isEmpty, values.reduce(0, { $0 + $1.utf8.count }) <= maximumHeaderBytes else { return false }
        return values.contains { EntityTag.ifNoneMatch($0, matches: etag) }
    }
}
